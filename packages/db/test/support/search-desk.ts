import { afterAll, beforeAll, expect } from 'vitest';
import {
  appendToSearchDocument,
  kyselyOf,
  Message,
  rowWriteLock,
  searchTicketRows,
  seedDemoDesk,
  Ticket,
} from '../../src/index.ts';
import { createTestDatabase, describeSchema, type TestDatabase } from '../../src/testing/index.ts';

/**
 * A demo desk of `tickets` tickets in a test database of the file's own (made before its tests, gone
 * after them), with helpers around its search documents.
 */
export function useSearchDesk(options: { tickets: number; seed: number }) {
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoDesk(database.orm.em.fork(), { ...options, passwordHash: 'x' });
  }, 60_000);
  afterAll(() => database?.dispose());
  const current = () => {
    if (!database) throw new Error('The desk is made in beforeAll');
    return database;
  };
  const query = () => kyselyOf(current().orm.em.fork());
  return {
    get db() {
      return current();
    },
    query,
    /** Its schema is the one the migrations make (compared with a new test database's). */
    async expectMigratedSchema() {
      const db = current();
      const fresh = await createTestDatabase();
      try {
        expect(await describeSchema(db.orm, db.dialect)).toEqual(
          await describeSchema(fresh.orm, fresh.dialect),
        );
      } finally {
        await fresh.dispose();
      }
    },
    /** Every ticket that matches `text` in any text (as an agent searches). */
    search: (text: string) =>
      searchTicketRows(current().orm.em.fork(), {
        filter: {},
        text,
        scope: 'all',
        activity: 'updated_at',
        offset: 0,
        limit: 100,
      }).then((rows) => rows.map((row) => row.id)),
    documents: () =>
      query()
        .selectFrom('ticket_search')
        .select(['id', 'ticket_id', 'public_text', 'internal_text'])
        .orderBy('id')
        .execute(),
    /**
     * What a reply does to the search, in one transaction: the ticket locked first (as every writer
     * of a ticket does), a message, the ticket's activity, its text appended.
     */
    reply: (ticketId: string, body: string, internal = false) =>
      current()
        .orm.em.fork()
        .transactional(async (tx) => {
          const ticket = await tx.findOneOrFail(Ticket, ticketId, rowWriteLock(tx));
          const now = new Date();
          tx.create(Message, { ticket, author: ticket.requester, body, internal, createdAt: now });
          ticket.updatedAt = now;
          await tx.flush();
          await appendToSearchDocument(tx, ticketId, body, internal);
        }),
    ticketIds: async (limit: number, offset = 0) =>
      (
        await query().selectFrom('tickets').select('id').orderBy('id').limit(limit).offset(offset).execute()
      ).map((row) => row.id),
    /** The tables whose name starts with ticket_search, but FTS5's own (a rebuild's leftovers would show here). */
    searchTables: async () =>
      (await query().introspection.getTables())
        .map((table) => table.name)
        .filter((name) => name.startsWith('ticket_search') && !name.startsWith('ticket_search_fts')),
  };
}
