import type { NotificationKind, TicketEventKind } from '@helpdesk/validators';
import type { Dialect } from '../config.ts';
import { newId } from '../ids.ts';
import type { EntityManager } from '../orm.ts';
import { dialectOf, toDbDate } from './dialect.ts';
import { type HelpdeskDB, kyselyOf } from './kysely.ts';
import { preparedQuery } from './prepared.ts';

/**
 * The rows a reply or a field change adds (its message, timeline entries, notifications and
 * queued mails) as prepared inserts, for the paths that lock and write their ticket as a row
 * (ticket-writes.ts). Each writes what the entity would: the same columns, defaults and stored
 * forms (row-inserts.test.ts compares them with rows the unit of work wrote). Ids are made as the
 * entities make them, at the time of the insert.
 */

type Table = 'messages' | 'ticket_events' | 'notifications' | 'outbox_mails';

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
