import { defineEntity, p } from '@mikro-orm/core';
import { Ticket } from './ticket.ts';

/**
 * One search document per ticket, written in the same transaction as the message it reflects.
 * Public and internal text live apart so a customer's search can never match words that only
 * appear in an internal note. MySQL indexes it with FULLTEXT; SQLite with an FTS5 table kept in
 * step by triggers (see the SQLite migrations).
 */
export const TicketSearchSchema = defineEntity({
  name: 'TicketSearch',
  tableName: 'ticket_search',
  properties: {
    /** An integer key, because SQLite's FTS5 table refers to its rows by a stable integer rowid. */
    id: p.integer().primary().autoincrement(),
    ticket: () => p.oneToOne(Ticket).owner().unique().deleteRule('cascade'),
    publicText: p.text().columnType('mediumtext'),
    internalText: p.text().columnType('mediumtext'),
  },
  // MySQL only: on SQLite the ORM config drops these and an FTS5 table made by hand does the work.
  indexes: [
    { name: 'ticket_search_public_ft', properties: ['publicText'], type: 'fulltext' },
    { name: 'ticket_search_all_ft', properties: ['publicText', 'internalText'], type: 'fulltext' },
  ],
});

export class TicketSearch extends TicketSearchSchema.class {}
TicketSearchSchema.setClass(TicketSearch);
