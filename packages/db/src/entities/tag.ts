import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { Ticket } from './ticket.ts';

/** A free-form label, stored lower-cased so `Refund` and `refund` are one tag. */
export const TagSchema = defineEntity({
  name: 'Tag',
  tableName: 'tags',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    name: p.string().length(50).unique(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
});

export class Tag extends TagSchema.class {}
TagSchema.setClass(Tag);

/** Which tags a ticket carries; the (tag, ticket) index answers "tickets tagged X". */
export const TicketTagSchema = defineEntity({
  name: 'TicketTag',
  tableName: 'ticket_tags',
  properties: {
    ticket: () => p.manyToOne(Ticket).primary().deleteRule('cascade'),
    tag: () => p.manyToOne(Tag).primary().deleteRule('cascade').index(false),
  },
  indexes: [{ name: 'ticket_tags_tag_ticket_idx', properties: ['tag', 'ticket'] }],
});

export class TicketTag extends TicketTagSchema.class {}
TicketTagSchema.setClass(TicketTag);
