import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { rebuildSearchIndex } from '../src/index.ts';
import { settledSearch } from '../src/testing/index.ts';
import { useSearchDesk } from './support/search-desk.ts';
import { signal } from './support/signal.ts';

/** What only MySQL's rebuild has: a lock across processes, a copy that can stop, a swap that waits. */
const desk = useSearchDesk({ tickets: 150, seed: 6 });

describe('rebuilding MySQL’s full-text index', () => {
  it('runs once at a time: a second rebuild meanwhile does nothing', async () => {
    let second: Awaited<ReturnType<typeof rebuildSearchIndex>> | undefined;
    const first = await rebuildSearchIndex(desk.db.orm.em.fork(), {
      onProgress: async (phase) => {
        if (phase === 'swap' && !second) second = await rebuildSearchIndex(desk.db.orm.em.fork());
      },
    });
    expect(first.rebuilt).toBe(true);
    expect(second).toEqual({ rebuilt: false, documents: 0, caughtUp: 0 });
  });

  it('stops before its swap when asked, and leaves the index as it was', async () => {
    const before = await desk.documents();
    const stop = new AbortController();
    await expect(
      rebuildSearchIndex(desk.db.orm.em.fork(), {
        batchSize: 20,
        onProgress: (phase, done) => {
          if (phase === 'copy' && done >= 40) stop.abort();
        },
        signal: stop.signal,
      }),
    ).rejects.toThrow();
    expect(await desk.documents()).toEqual(before);
    expect(await desk.searchTables()).toEqual(['ticket_search']);
    expect((await rebuildSearchIndex(desk.db.orm.em.fork())).rebuilt).toBe(true);
  });

  it('drops what an interrupted rebuild left behind, and leaves the schema the migrations make', async () => {
    const k = desk.query();
    await sql`create table ticket_search_next like ticket_search`.execute(k);
    await sql`create table ticket_search_retired like ticket_search`.execute(k);
    await rebuildSearchIndex(desk.db.orm.em.fork());
    expect(await desk.searchTables()).toEqual(['ticket_search']);
    await desk.expectMigratedSchema();
  });

  /** A transaction that has read the table holds it (a metadata lock) until `release`. */
  async function holdTable() {
    const reading = signal();
    const release = signal();
    const done = desk.db.orm.em.fork().transactional(async (tx) => {
      await tx.execute('select count(*) from ticket_search');
      reading.fire();
      await release.fired;
    });
    await reading.fired;
    return { release: release.fire, done };
  }

  it('tries the swap again while a long statement holds the table, and swaps once it ends', async () => {
    const held = await holdTable();
    let swappedAtAttempt = 0;
    const rebuilt = rebuildSearchIndex(desk.db.orm.em.fork(), {
      swapWaitSeconds: 1,
      swapAttempts: 5,
      onProgress: (phase, attempt) => {
        if (phase === 'swap') swappedAtAttempt = attempt;
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    held.release();
    await held.done;
    expect((await rebuilt).rebuilt).toBe(true);
    expect(swappedAtAttempt).toBeGreaterThan(1);
    expect(await desk.searchTables()).toEqual(['ticket_search']);
  });

  it('gives up when the table stays held, and leaves the desk as it was', async () => {
    const before = await desk.documents();
    const held = await holdTable();
    try {
      await expect(
        rebuildSearchIndex(desk.db.orm.em.fork(), { swapWaitSeconds: 1, swapAttempts: 2 }),
      ).rejects.toThrow(/lock wait timeout/i);
    } finally {
      held.release();
      await held.done;
    }
    expect(await desk.documents()).toEqual(before);
    expect(await desk.searchTables()).toEqual(['ticket_search']);
  });

  it('never makes a reply running beside it fail', async () => {
    const targets = await desk.ticketIds(20);
    let running = true;
    const failures: unknown[] = [];
    const written: { ticketId: string; word: string }[] = [];
    const writer = async (w: number) => {
      for (let i = 0; running; i++) {
        const ticketId = targets[(w * 7 + i) % targets.length] as string;
        const word = `numbat${w}x${i}y`;
        try {
          await desk.reply(ticketId, `meanwhile ${word}`, i % 3 === 0);
          written.push({ ticketId, word });
        } catch (error) {
          failures.push(error);
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    try {
      for (let round = 0; round < 3; round++)
        expect((await rebuildSearchIndex(desk.db.orm.em.fork(), { batchSize: 25 })).rebuilt).toBe(true);
    } finally {
      running = false;
      await Promise.all(writers);
    }
    expect(failures).toEqual([]);
    expect(written.length).toBeGreaterThan(10);
    for (const { ticketId, word } of written)
      expect(await settledSearch(() => Promise.all([desk.search(word)]))).toEqual([[ticketId]]);
  });
});
