import { kyselyOf, type SearchScope, searchTicketRows, seedDemoDesk } from '@helpdesk/db';
import { createTestDatabase, settledSearch, type TestDatabase } from '@helpdesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaySearchHistory } from '../src/search-history.ts';

/**
 * `--search-history` writes the seeded desk's search documents again one message at a time, as
 * `tickets.create` and every reply and note do. What it leaves must be the documents the seeder
 * wrote (so searches answer the same), reached by one rewrite per message after a ticket's first.
 */
describe('the search history of a seeded desk', () => {
  let db: TestDatabase;
  type Document = { ticket_id: string; public_text: string; internal_text: string };
  let seeded: Document[];
  let rewrites = 0;
  const query = () => kyselyOf(db.orm.em.fork());
  const documents = async (): Promise<Document[]> =>
    (
      await query()
        .selectFrom('ticket_search')
        .select(['ticket_id', 'public_text', 'internal_text'])
        .orderBy('ticket_id')
        .execute()
    ).map((row) => ({
      ...row,
      // Appending a note to an empty internal text starts it with a line break; the seeder's does not.
      internal_text: row.internal_text.replace(/^\n/, ''),
    }));
  const search = (text: string, scope: SearchScope) =>
    searchTicketRows(db.orm.em.fork(), {
      filter: {},
      text,
      scope,
      activity: 'updated_at',
      offset: 0,
      limit: 100,
    }).then((rows) => rows.map((row) => row.id));

  const searches: [string, SearchScope][] = [
    ['printer', 'all'],
    ['printer', 'public'],
    ['invoice', 'all'],
  ];
  let before: string[][];

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemoDesk(db.orm.em.fork(), { tickets: 120, passwordHash: 'x', seed: 3 });
    seeded = await documents();
    before = await settledSearch(() => Promise.all(searches.map(([text, scope]) => search(text, scope))));
    rewrites = await replaySearchHistory(db.orm.em.fork(), db.dialect, () => {});
  }, 60_000);
  afterAll(() => db?.dispose());

  it('leaves every ticket the document the seeder wrote', async () => {
    expect(seeded).toHaveLength(120);
    expect(seeded.some((doc) => doc.internal_text !== '')).toBe(true);
    expect(await documents()).toEqual(seeded);
  });

  it('got there by rewriting a ticket’s document once for every message after its first', async () => {
    const { count } = await query()
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    expect(rewrites).toBe(Number(count) - 120);
    expect(rewrites).toBeGreaterThan(120);
  });

  it('answers the same searches, from a full-text index in step with the documents', async () => {
    const after = await settledSearch(
      () => Promise.all(searches.map(([text, scope]) => search(text, scope))),
      before,
    );
    expect(after).toEqual(before);
    expect(before.every((ids) => ids.length > 0)).toBe(true);
    // FTS5 checks its index against the documents (it throws on a mismatch).
    if (db.dialect === 'sqlite')
      await db.orm.em
        .fork()
        .execute(`insert into ticket_search_fts(ticket_search_fts, rank) values('integrity-check', 1)`);
  });

  it('leaves no helper table behind', async () => {
    const tables = await query().introspection.getTables();
    expect(tables.map((table) => table.name)).not.toContain('bench_message_order');
  });
});
