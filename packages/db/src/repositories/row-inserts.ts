import type { NotificationKind, TicketChannel, TicketEventKind, TicketPriority } from '@helpdesk/validators';
import type { Dialect } from '../config.ts';
import { newId, newReference } from '../ids.ts';
import type { EntityManager } from '../orm.ts';
import { dialectOf, toDbDate } from './dialect.ts';
import { type HelpdeskDB, kyselyOf } from './kysely.ts';
import { preparedQuery } from './prepared.ts';

/**
 * New rows as prepared inserts: a new ticket (with its search document and tags), and what a
 * reply or a field change adds (message, timeline entries, notifications, queued mails), for the
 * paths that write tickets as rows (ticket-writes.ts) instead of through the unit of work. Each writes what the entity would: the same columns, defaults and stored
 * forms (row-inserts.test.ts in packages/api compares them with rows the unit of work wrote). Ids are made as the
 * entities make them, at the time of the insert.
 */

type Table =
  | 'tickets'
  | 'ticket_search'
  | 'ticket_tags'
  | 'messages'
  | 'ticket_events'
  | 'notifications'
  | 'outbox_mails';

/** A value as both databases store it: booleans as 0/1 (all node:sqlite can bind), dates by dialect. */
function stored(dialect: Dialect, value: unknown): unknown {
  if (value instanceof Date) return toDbDate(dialect, value);
  if (typeof value === 'boolean') return Number(value);
  return value;
}

/** Inserts rows (column name to value, every row with the same columns) in one statement. */
async function insertRows(em: EntityManager, table: Table, rows: readonly Record<string, unknown>[]) {
  if (!rows.length) return;
  const dialect = dialectOf(em);
  const db = kyselyOf(em);
  const values = rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([column, value]) => [column, stored(dialect, value)])),
  );
  await preparedQuery(db as never, dialect, `insert-${table}`, { values }, (args) =>
    db.insertInto(table).values(args.values as never),
  );
}

export interface NewTicketRow {
  subject: string;
  priority: TicketPriority;
  priorityRank: number;
  channel: TicketChannel;
  requesterId: string;
  categoryId: string | null;
  customFields: Record<string, unknown>;
  followUpOfId: string | null;
  createdAt: Date;
}

/** Adds a ticket, new and unassigned, at version 1 (the ORM's first version); answers its keys. */
export async function insertTicketRow(
  em: EntityManager,
  ticket: NewTicketRow,
): Promise<{ id: string; reference: string }> {
  const keys = { id: newId(), reference: newReference() };
  await insertRows(em, 'tickets', [
    {
      ...keys,
      subject: ticket.subject,
      status: 'new',
      priority: ticket.priority,
      priority_rank: ticket.priorityRank,
      channel: ticket.channel,
      requester_id: ticket.requesterId,
      assignee_id: null,
      team_id: null,
      category_id: ticket.categoryId,
      custom_fields: JSON.stringify(ticket.customFields),
      merged_into_id: null,
      follow_up_of_id: ticket.followUpOfId,
      due_at: null,
      created_at: ticket.createdAt,
      updated_at: ticket.createdAt,
      customer_updated_at: ticket.createdAt,
      first_response_at: null,
      solved_at: null,
      closed_at: null,
      version: 1,
    } satisfies Record<keyof HelpdeskDB['tickets'], unknown>,
  ]);
  return keys;
}

/** Adds a ticket's search document (its id is the database's). */
export function insertSearchDocument(
  em: EntityManager,
  ticketId: string,
  publicText: string,
  internalText = '',
) {
  return insertRows(em, 'ticket_search', [
    { ticket_id: ticketId, public_text: publicText, internal_text: internalText } satisfies Omit<
      Record<keyof HelpdeskDB['ticket_search'], unknown>,
      'id'
    >,
  ]);
}

/** Tags a ticket that has none yet with these (existing) tags. */
export function insertTicketTags(em: EntityManager, ticketId: string, tagIds: readonly string[]) {
  return insertRows(
    em,
    'ticket_tags',
    tagIds.map(
      (tagId) =>
        ({ ticket_id: ticketId, tag_id: tagId }) satisfies Record<keyof HelpdeskDB['ticket_tags'], unknown>,
    ),
  );
}

export interface NewMessage {
  ticketId: string;
  authorId: string;
  body: string;
  internal: boolean;
  createdAt: Date;
}

/** Adds a message; answers its id. */
export async function insertMessage(em: EntityManager, message: NewMessage): Promise<string> {
  const id = newId();
  await insertRows(em, 'messages', [
    {
      id,
      ticket_id: message.ticketId,
      author_id: message.authorId,
      body: message.body,
      internal: message.internal,
      created_at: message.createdAt,
    } satisfies Record<keyof HelpdeskDB['messages'], unknown>,
  ]);
  return id;
}

/** An entry of a ticket's timeline, as `recordEvent` makes them through the ORM. */
export interface TimelineEntry {
  ticketId: string;
  actorId: string | null;
  kind: TicketEventKind;
  field: string | null;
  from: string | null;
  to: string | null;
  internal: boolean;
  at: Date;
}

/** Appends timeline entries, in the order given, in one statement. */
export function insertTimelineEntries(em: EntityManager, entries: readonly TimelineEntry[]) {
  return insertRows(
    em,
    'ticket_events',
    entries.map(
      (entry) =>
        ({
          id: newId(),
          ticket_id: entry.ticketId,
          actor_id: entry.actorId,
          kind: entry.kind,
          field: entry.field,
          from_value: entry.from,
          to_value: entry.to,
          internal: entry.internal,
          created_at: entry.at,
        }) satisfies Record<keyof HelpdeskDB['ticket_events'], unknown>,
    ),
  );
}

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  ticketId: string | null;
  actorId: string | null;
  createdAt: Date;
}

/** Adds unread notifications. */
export function insertNotifications(em: EntityManager, notifications: readonly NewNotification[]) {
  return insertRows(
    em,
    'notifications',
    notifications.map(
      (notification) =>
        ({
          id: newId(),
          user_id: notification.userId,
          kind: notification.kind,
          ticket_id: notification.ticketId,
          actor_id: notification.actorId,
          created_at: notification.createdAt,
          read_at: null,
        }) satisfies Record<keyof HelpdeskDB['notifications'], unknown>,
    ),
  );
}

export interface NewOutboxMail {
  to: string;
  subject: string;
  text: string;
  kind: string;
  sendAfter: Date;
  createdAt: Date;
}

/** Queues mails in the outbox, pending, for the mailer to send once the transaction commits. */
export function insertOutboxMails(em: EntityManager, mails: readonly NewOutboxMail[]) {
  return insertRows(
    em,
    'outbox_mails',
    mails.map(
      (mail) =>
        ({
          id: newId(),
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          kind: mail.kind,
          status: 'pending',
          attempts: 0,
          last_error: null,
          send_after: mail.sendAfter,
          sent_at: null,
          created_at: mail.createdAt,
        }) satisfies Record<keyof HelpdeskDB['outbox_mails'], unknown>,
    ),
  );
}
