import { ticketEventKinds } from '@helpdesk/validators';
import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { Ticket } from './ticket.ts';
import { User } from './user.ts';

/**
 * The append-only history of a ticket: who changed which field from what to what, and when. It is
 * the ticket's timeline and the source of its reports. Internal entries never reach customers.
 */
export const TicketEventSchema = defineEntity({
  name: 'TicketEvent',
  tableName: 'ticket_events',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    ticket: () => p.manyToOne(Ticket).deleteRule('cascade').index(false),
    /** Null for the system (scheduled jobs, the public form). */
    actor: () => p.manyToOne(User).nullable().deleteRule('set null'),
    kind: p.enum(ticketEventKinds),
    field: p.string().length(40).nullable(),
    fromValue: p.string().length(255).nullable(),
    toValue: p.string().length(255).nullable(),
    internal: p.boolean().default(false),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
  indexes: [{ name: 'ticket_events_ticket_created_idx', properties: ['ticket', 'createdAt', 'id'] }],
});

export class TicketEvent extends TicketEventSchema.class {}
TicketEventSchema.setClass(TicketEvent);

/** Tickets related to each other (each link is stored once, lower id first). */
export const TicketLinkSchema = defineEntity({
  name: 'TicketLink',
  tableName: 'ticket_links',
  properties: {
    ticket: () => p.manyToOne(Ticket).primary().deleteRule('cascade'),
    related: () => p.manyToOne(Ticket).primary().deleteRule('cascade').index(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
});

export class TicketLink extends TicketLinkSchema.class {}
TicketLinkSchema.setClass(TicketLink);
