import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HelpdeskSqliteDialect } from '../src/sqlite-dialect.ts';
import { signal } from './support/signal.ts';

interface Notes {
  notes: { id: number; body: string };
}

/**
 * Long reads (searches) run on a thread with a connection of its own: beside the event loop and
 * beside the server's connection, which runs one statement at a time.
 */
describe('the off-thread SQLite reader', () => {
  let dir: string;
  let dialect: HelpdeskSqliteDialect;
  let db: Kysely<Notes>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'helpdesk-reader-'));
    dialect = new HelpdeskSqliteDialect(join(dir, 'desk.db'));
    db = new Kysely<Notes>({ dialect });
    await sql`create table notes (id integer primary key, body text)`.execute(db);
    await db
      .insertInto('notes')
      .values([
        { id: 1, body: 'first' },
        { id: 2, body: 'second' },
      ])
      .execute();
  });
  afterEach(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const reader = () => dialect.offThreadReader('short') as unknown as Kysely<Notes>;

  it('answers a read as the server connection would', async () => {
    const query = db.selectFrom('notes').select(['id', 'body']).where('id', '>', 0).orderBy('id');
    const onThread = await reader().executeQuery(query.compile());
    expect(onThread.rows).toEqual(await query.execute());
    expect(onThread.rows).toHaveLength(2);
  });

  it('reads while a transaction holds the server connection, and sees only what was committed', async () => {
    const entered = signal();
    const released = signal();
    const transaction = db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ id: 3, body: 'uncommitted' }).execute();
      entered.fire();
      await released.fired;
    });
    await entered.fired;
    // On the server's connection this read would wait for the transaction: it would never end.
    const rows = await reader().selectFrom('notes').select('body').orderBy('id').execute();
    expect(rows.map((row) => row.body)).toEqual(['first', 'second']);
    released.fire();
    await transaction;
    expect(await reader().selectFrom('notes').select('id').execute()).toHaveLength(3);
  });

  /** Counting to ten million takes SQLite a good second. */
  const longRead = (on: Kysely<Notes>) =>
    sql<{
      n: number;
    }>`with recursive c(x) as (select 1 union all select x + 1 from c where x < 10000000) select count(*) as n from c`
      .execute(on)
      .then((result) => result.rows[0]?.n);

  it('runs a read beside a long one on a second thread', async () => {
    const pair = new HelpdeskSqliteDialect(join(dir, 'desk.db'), { readerThreads: 2 });
    const both = new Kysely<Notes>({ dialect: pair });
    try {
      const long = pair.offThreadReader('long') as unknown as Kysely<Notes>;
      let longDone = false;
      const counted = longRead(long).then((n) => {
        longDone = true;
        return n;
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      // A second long read: the other shared thread takes it at once.
      const short = await long.selectFrom('notes').select('body').orderBy('id').execute();
      expect(short.map((row) => row.body)).toEqual(['first', 'second']);
      expect(longDone).toBe(false);
      expect(await counted).toBe(10_000_000);
    } finally {
      await both.destroy();
    }
  });

  it('never makes a short read wait behind long ones, however many are waiting', async () => {
    const one = new HelpdeskSqliteDialect(join(dir, 'desk.db'), { readerThreads: 1 });
    const db1 = new Kysely<Notes>({ dialect: one });
    try {
      const long = one.offThreadReader('long') as unknown as Kysely<Notes>;
      const short = one.offThreadReader('short') as unknown as Kysely<Notes>;
      let longsDone = 0;
      // More long reads than threads: they queue at the one shared thread and never spill over.
      const longs = Array.from({ length: 3 }, () => longRead(long).then(() => longsDone++));
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (let i = 0; i < 3; i++) {
        const rows = await short.selectFrom('notes').select('body').orderBy('id').execute();
        expect(rows.map((row) => row.body)).toEqual(['first', 'second']);
      }
      expect(longsDone).toBe(0);
      await Promise.all(longs);
    } finally {
      await db1.destroy();
    }
  });

  it('never writes, whatever it is sent', async () => {
    await expect(reader().insertInto('notes').values({ id: 9, body: 'no' }).execute()).rejects.toThrow(
      /readonly|read-only/i,
    );
    await expect(
      reader()
        .transaction()
        .execute(async () => {}),
    ).rejects.toThrow(/never a transaction/);
    expect(await db.selectFrom('notes').select('id').execute()).toHaveLength(2);
  });

  it('hands reads back to the server connection when its thread cannot run', async () => {
    const memory = new HelpdeskSqliteDialect(':memory:');
    expect(memory.offThreadReader('short')).toBeNull();
    expect(memory.offThreadReader('long')).toBeNull();

    const gone = join(dir, 'gone.db');
    const lost = new Kysely<Notes>({ dialect: new HelpdeskSqliteDialect(gone) });
    try {
      await sql`create table notes (id integer primary key, body text)`.execute(lost);
      const lostDialect = new HelpdeskSqliteDialect(gone);
      // The file is gone before the thread opens it: the read fails, and later reads go elsewhere.
      unlinkSync(gone);
      const first = lostDialect.offThreadReader('long') as unknown as Kysely<Notes>;
      await expect(first.selectFrom('notes').select('id').execute()).rejects.toThrow();
      // Every thread of the pool fails alike, each when it finds the file gone.
      await vi.waitFor(() => expect(lostDialect.offThreadReader('short')).toBeNull());
    } finally {
      await lost.destroy();
    }
  });
});
