import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  appendToSearchDocument,
  kyselyOf,
  Message,
  rebuildSearchIndex,
  type SearchIndexPhase,
  searchTicketRows,
  seedDemoDesk,
  Ticket,
} from '../src/index.ts';
import { createTestDatabase, describeSchema, type TestDatabase } from '../src/testing/index.ts';

let db: TestDatabase;
const query = () => kyselyOf(db.orm.em.fork());

beforeAll(async () => {
  db = await createTestDatabase();
  await seedDemoDesk(db.orm.em.fork(), { tickets: 200, passwordHash: 'x', seed: 5 });
}, 60_000);
afterAll(() => db?.dispose());

const search = (text: string) =>
  searchTicketRows(db.orm.em.fork(), {
    filter: {},
    text,
    scope: 'all',
    activity: 'updated_at',
    offset: 0,
    limit: 100,
  }).then((rows) => rows.map((row) => row.id));

async function documents() {
  return query()
    .selectFrom('ticket_search')
    .select(['id', 'ticket_id', 'public_text', 'internal_text'])
    .orderBy('id')
    .execute();
}

/** What a reply does to the search: a message, its ticket's activity, its text appended, in one transaction. */
async function reply(ticketId: string, body: string, internal = false) {
  await db.orm.em.fork().transactional(async (tx) => {
    const ticket = await tx.findOneOrFail(Ticket, ticketId);
    const now = new Date();
    tx.create(Message, { ticket, author: ticket.requester, body, internal, createdAt: now });
    ticket.updatedAt = now;
    await tx.flush();
    await appendToSearchDocument(tx, ticketId, body, internal);
  });
}

async function ticketIds(limit: number, offset = 0) {
  const rows = await query()
    .selectFrom('tickets')
    .select('id')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((row) => row.id);
}

/** MySQL only: how many documents InnoDB's FULLTEXT index keeps as deleted (every search reads them). */
async function deletedDocuments(): Promise<number> {
  const em = db.orm.em.fork();
  const [current] = await em.execute<{ name: string }[]>('select database() as name');
  await em.execute(`set global innodb_ft_aux_table = '${current?.name}/ticket_search'`);
  const [row] = await em.execute<{ n: number }[]>(
    'select count(*) as n from information_schema.innodb_ft_deleted',
  );
  return Number(row?.n);
}

describe('rebuilding the full-text index', () => {
  it('keeps every document and every answer, and (MySQL) drops the rewritten documents the index kept', async () => {
    for (const [i, id] of (await ticketIds(40)).entries())
      await reply(id, `follow-up number ${i} about quokka${i}`);
    const before = await documents();
    const answers = await Promise.all(['printer', 'quokka7', 'invoice'].map(search));
    if (db.dialect === 'mysql') expect(await deletedDocuments()).toBeGreaterThanOrEqual(40);

    const result = await rebuildSearchIndex(db.orm.em.fork());

    expect(result).toEqual({ rebuilt: true, documents: 200, caughtUp: expect.any(Number) });
    expect(await documents()).toEqual(before);
    expect(await Promise.all(['printer', 'quokka7', 'invoice'].map(search))).toEqual(answers);
    expect(answers.every((ids) => ids.length > 0)).toBe(true);
    if (db.dialect === 'mysql') expect(await deletedDocuments()).toBe(0);
    if (db.dialect === 'sqlite')
      await db.orm.em
        .fork()
        .execute(`insert into ticket_search_fts(ticket_search_fts, rank) values('integrity-check', 1)`);
  });

  it('leaves the schema the migrations made, foreign key and cascade included', async () => {
    const fresh = await createTestDatabase();
    try {
      expect(await describeSchema(db.orm, db.dialect)).toEqual(
        await describeSchema(fresh.orm, fresh.dialect),
      );
    } finally {
      await fresh.dispose();
    }
    const [doomed] = await ticketIds(1, 150);
    await query()
      .deleteFrom('tickets')
      .where('id', '=', doomed as string)
      .execute();
    const left = await query()
      .selectFrom('ticket_search')
      .select('id')
      .where('ticket_id', '=', doomed as string)
      .execute();
    expect(left).toEqual([]);
  });

  it('loses no reply written while it copies, catches up, or swaps', async () => {
    const targets = await ticketIds(30, 40);
    const written: { ticketId: string; word: string }[] = [];
    let n = 0;
    const write = async (count: number, internal = false) => {
      for (let i = 0; i < count; i++) {
        const ticketId = targets[n % targets.length] as string;
        const word = `wombat${n++}x`;
        await reply(ticketId, `a reply saying ${word}`, internal);
        written.push({ ticketId, word });
      }
    };
    const phases: SearchIndexPhase[] = [];
    // SQLite's rebuild is one statement: nothing can be written meanwhile.
    if (db.dialect === 'sqlite') await write(5);
    const result = await rebuildSearchIndex(db.orm.em.fork(), {
      batchSize: 50,
      onProgress: async (phase) => {
        phases.push(phase);
        // During the copy; after a catch-up round (so only the swap's own catch-up sees them); after the swap.
        if (phase === 'copy') await write(2);
        if (phase === 'catch up') await write(3, true);
        if (phase === 'swap') await write(2);
      },
    });
    expect(result.rebuilt).toBe(true);
    if (db.dialect === 'mysql') {
      expect(phases).toContain('copy');
      expect(phases).toContain('catch up');
      expect(phases).toContain('swap');
      expect(result.caughtUp).toBeGreaterThanOrEqual(targets.length);
    }
    expect(written.length).toBeGreaterThan(0);
    for (const { ticketId, word } of written) expect(await search(word)).toEqual([ticketId]);
    const docs = await documents();
    expect(new Set(docs.map((doc) => doc.ticket_id)).size).toBe(docs.length);
    expect(docs).toHaveLength(199);
  });

  it('runs once at a time: a second rebuild meanwhile does nothing (MySQL)', async () => {
    if (db.dialect !== 'mysql') return;
    let second: Awaited<ReturnType<typeof rebuildSearchIndex>> | undefined;
    await rebuildSearchIndex(db.orm.em.fork(), {
      onProgress: async (phase) => {
        if (phase === 'swap' && !second) second = await rebuildSearchIndex(db.orm.em.fork());
      },
    });
    expect(second).toEqual({ rebuilt: false, documents: 0, caughtUp: 0 });
  });

  it('puts back a foreign key an interrupted rebuild left out, and drops its leftovers (MySQL)', async () => {
    if (db.dialect !== 'mysql') return;
    const k = query();
    await sql`alter table ticket_search drop foreign key ticket_search_ticket_id_foreign`.execute(k);
    await sql`create table ticket_search_next like ticket_search`.execute(k);
    await rebuildSearchIndex(db.orm.em.fork());
    const tables = await k.introspection.getTables();
    expect(tables.map((table) => table.name).filter((name) => name.startsWith('ticket_search'))).toEqual([
      'ticket_search',
    ]);
    const fresh = await createTestDatabase();
    try {
      expect(await describeSchema(db.orm, db.dialect)).toEqual(
        await describeSchema(fresh.orm, fresh.dialect),
      );
    } finally {
      await fresh.dispose();
    }
  });
});
