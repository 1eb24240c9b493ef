import { ticketChannels, ticketPriorities, ticketStatuses } from '@helpdesk/validators';
import { defineEntity, p } from '@mikro-orm/core';
import { newId, newReference } from '../ids.ts';
import { Category } from './category.ts';
import { Message } from './message.ts';
import { Tag, TicketTag } from './tag.ts';
import { Team } from './team.ts';
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
    /** 1 (low) to 4 (urgent), kept with `priority`, so both databases sort priorities alike. */
    priorityRank: p.smallint().default(2),
    channel: p.enum(ticketChannels).default('portal'),
    // The composite indexes below start with these columns, so the default single-column ones would be waste.
    requester: () => p.manyToOne(User).index(false),
    assignee: () => p.manyToOne(User).nullable().index(false),
    team: () => p.manyToOne(Team).nullable().index(false).deleteRule('set null'),
    category: () => p.manyToOne(Category).nullable().index(false).deleteRule('set null'),
    tags: () =>
      p
        .manyToMany(Tag)
        .pivotEntity(() => TicketTag)
        .owner(),
    /** Values of admin-defined fields, keyed by the field's key. */
    customFields: p.json<Record<string, unknown>>(),
    /** Set when the ticket was merged into another: this one is closed and points there. */
    mergedInto: () => p.manyToOne(TicketSchema).nullable().deleteRule('set null'),
    /** The closed ticket a customer's follow-up started this one from. */
    followUpOf: () => p.manyToOne(TicketSchema).nullable().deleteRule('set null'),
    dueAt: p.datetime(3).nullable(),
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
    { name: 'tickets_created_idx', properties: ['createdAt', 'id'] },
    { name: 'tickets_due_idx', properties: ['dueAt', 'id'] },
    { name: 'tickets_solved_idx', properties: ['solvedAt'] },
    { name: 'tickets_status_updated_idx', properties: ['status', 'updatedAt', 'id'] },
    { name: 'tickets_status_priority_idx', properties: ['status', 'priorityRank', 'updatedAt', 'id'] },
    { name: 'tickets_status_due_idx', properties: ['status', 'dueAt', 'id'] },
    { name: 'tickets_assignee_updated_idx', properties: ['assignee', 'updatedAt', 'id'] },
    { name: 'tickets_assignee_status_updated_idx', properties: ['assignee', 'status', 'updatedAt', 'id'] },
    { name: 'tickets_team_status_updated_idx', properties: ['team', 'status', 'updatedAt', 'id'] },
    { name: 'tickets_category_status_updated_idx', properties: ['category', 'status', 'updatedAt', 'id'] },
    { name: 'tickets_requester_updated_idx', properties: ['requester', 'updatedAt', 'id'] },
    { name: 'tickets_requester_customer_updated_idx', properties: ['requester', 'customerUpdatedAt', 'id'] },
  ],
});

export class Ticket extends TicketSchema.class {}
TicketSchema.setClass(Ticket);
