import { ticketPriorities, ticketStatuses } from '@helpdesk/validators';
import { defineEntity, p } from '@mikro-orm/core';
import { newId, newReference } from '../ids.ts';
import { Message } from './message.ts';
import { User } from './user.ts';

export const TicketSchema = defineEntity({
  name: 'Ticket',
  tableName: 'tickets',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    /** What people quote on the phone; random, so it reveals nothing about volume. */
    reference: p
      .string()
      .length(12)
      .unique()
      .onCreate(() => newReference()),
    subject: p.string().length(200),
    status: p.enum(ticketStatuses).default('new'),
    priority: p.enum(ticketPriorities).default('normal'),
    // The composite indexes below start with these columns, so the default single-column ones would be waste.
    requester: () => p.manyToOne(User).index(false),
    assignee: () => p.manyToOne(User).nullable().index(false),
    messages: () => p.oneToMany(Message).mappedBy('ticket'),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    /** Last activity of any kind: agents' queues sort by it. */
    updatedAt: p.datetime(3).onCreate(() => new Date()),
    /**
     * Last activity a customer may know about. Internal notes do not move it, so the customer's
     * list never hints that an agent wrote something they cannot see.
     */
    customerUpdatedAt: p.datetime(3).onCreate(() => new Date()),
    firstResponseAt: p.datetime(3).nullable(),
    solvedAt: p.datetime(3).nullable(),
    closedAt: p.datetime(3).nullable(),
    /** Optimistic locking: every change bumps it; an update based on an older one is refused. */
    version: p.integer().version(),
  },
  // One index per list order, filter columns first, then the sort key and the id tie-breaker.
  indexes: [
    { name: 'tickets_updated_idx', properties: ['updatedAt', 'id'] },
    { name: 'tickets_status_updated_idx', properties: ['status', 'updatedAt', 'id'] },
    { name: 'tickets_assignee_updated_idx', properties: ['assignee', 'updatedAt', 'id'] },
    { name: 'tickets_assignee_status_updated_idx', properties: ['assignee', 'status', 'updatedAt', 'id'] },
    { name: 'tickets_requester_customer_updated_idx', properties: ['requester', 'customerUpdatedAt', 'id'] },
  ],
});

export class Ticket extends TicketSchema.class {}
TicketSchema.setClass(Ticket);
