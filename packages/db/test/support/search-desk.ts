import {
  appendToSearchDocument,
  kyselyOf,
  Message,
  rowWriteLock,
  searchTicketRows,
  Ticket,
} from '../../src/index.ts';
import type { TestDatabase } from '../../src/testing/index.ts';

/** Test helpers around a seeded desk's search documents. */
export function searchDesk(db: TestDatabase) {
  const query = () => kyselyOf(db.orm.em.fork());
  return {
    query,
    /** Every ticket that matches `text` in any text (as an agent searches). */
    search: (text: string) =>
      searchTicketRows(db.orm.em.fork(), {
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
      db.orm.em.fork().transactional(async (tx) => {
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
