import type { TicketChannel, TicketStatus } from '@helpdesk/validators';
import type { Compilable, Kysely } from 'kysely';
import type { EntityManager } from '../orm.ts';
import { dialectOf, fromDbDate, fromDbDateOrNull, fromDbJson } from './dialect.ts';
import { type HelpdeskDB, kyselyOf, readerOf } from './kysely.ts';
import { preparedQuery } from './prepared.ts';
import { applyTicketFilter, type TicketFilter } from './ticket-filters.ts';
import { type ActivityColumn, attachTags, baseQuery, type TicketListRow, toRow } from './tickets.ts';

/** Another ticket as a detail names it (merged into, follow-up of, linked). */
export interface TicketRefRow {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
}

export interface TicketDetailRow extends TicketListRow {
  channel: TicketChannel;
  customFields: Record<string, unknown>;
  firstResponseAt: Date | null;
  solvedAt: Date | null;
  closedAt: Date | null;
  mergedInto: TicketRefRow | null;
  followUpOf: TicketRefRow | null;
}

export interface MessageRow {
  id: string;
  body: string;
  internal: boolean;
  createdAt: Date;
  author: { id: string; name: string; role: string };
}

export interface AttachmentRow {
  id: string;
  messageId: string;
  filename: string;
  size: number;
  contentType: string;
}

export interface TicketDetailRows {
  ticket: TicketDetailRow;
  /** Oldest first; internal notes only when asked for. */
  messages: MessageRow[];
  /** The messages' attachments, oldest first. */
  attachments: AttachmentRow[];
  /** Linked tickets in either direction (only when asked for), oldest link first. */
  links: TicketRefRow[];
}

export interface TicketDetailQuery {
  id: string;
  /** The reader's scope (a customer's); a ticket outside it is not found. */
  filter: TicketFilter;
  /** Agents see any activity, customers public activity only. */
  activity: ActivityColumn;
  /** Agents' view: internal notes, tags and links too. */
  staff: boolean;
}

const ref = (id: string | null, reference: string | null, subject: string | null, status: string | null) =>
  id ? { id, reference: reference ?? '', subject: subject ?? '', status: status as TicketStatus } : null;

/**
 * A ticket with its conversation, read by hand-written SQL in a fixed number of statements (the
 * ticket with its people and names, then its tags, messages with their authors, their
 * attachments, and links) whatever the length of the conversation; null when the reader may not
 * see it. No entities are built: the caller maps the rows straight to its answer.
 */
export async function findTicketDetail(
  em: EntityManager,
  query: TicketDetailQuery,
): Promise<TicketDetailRows | null> {
  const db = kyselyOf(em);
  const dialect = dialectOf(em);
  // Each statement is built once per shape (prepared.ts): `activity` and `staff` change the SQL
  // itself, so they are part of the name; the ids and the reader's scope are values. Statements
  // run on the EntityManager's connection unless told otherwise (`on`).
  const run = <Args extends object, Row>(
    name: string,
    args: Args,
    build: (args: Args) => Compilable<Row>,
    on: Kysely<HelpdeskDB> = db,
  ) =>
    preparedQuery(
      on as never,
      dialect,
      `ticket-detail:${name}:${query.activity}:${query.staff}`,
      args,
      build,
    );

  const [raw] = await run('ticket', { id: query.id, filter: query.filter }, ({ id, filter }) =>
    applyTicketFilter(
      baseQuery(em, query.activity)
        .leftJoin('tickets as merged', 'merged.id', 'tickets.merged_into_id')
        .leftJoin('tickets as origin', 'origin.id', 'tickets.follow_up_of_id')
        .select([
          'tickets.channel',
          'tickets.custom_fields',
          'tickets.first_response_at',
          'tickets.solved_at',
          'tickets.closed_at',
          'merged.id as merged_id',
          'merged.reference as merged_reference',
          'merged.subject as merged_subject',
          'merged.status as merged_status',
          'origin.id as origin_id',
          'origin.reference as origin_reference',
          'origin.subject as origin_subject',
          'origin.status as origin_status',
        ])
        // The primary key: at most one row, so no bound LIMIT (it costs SQLite microseconds).
        .where('tickets.id', '=', id),
      filter,
      dialect,
    ),
  );
  if (!raw) return null;
  const listRow = toRow(raw, { key: 'activity', direction: 'desc', activity: query.activity });
  const [row] = query.staff ? await attachTags(em, [listRow]) : [listRow];
  const ticket: TicketDetailRow = {
    ...(row as TicketListRow),
    channel: raw.channel as TicketChannel,
    customFields: fromDbJson<Record<string, unknown>>(raw.custom_fields, {}),
    firstResponseAt: fromDbDateOrNull(raw.first_response_at),
    solvedAt: fromDbDateOrNull(raw.solved_at),
    closedAt: fromDbDateOrNull(raw.closed_at),
    mergedInto: ref(raw.merged_id, raw.merged_reference, raw.merged_subject, raw.merged_status),
    followUpOf: ref(raw.origin_id, raw.origin_reference, raw.origin_subject, raw.origin_status),
  };

  // Customers never see internal notes, nor what is attached to them.
  const visible = <Q extends { where: (column: 'messages.internal', op: '=', value: never) => Q }>(q: Q) =>
    query.staff ? q : q.where('messages.internal', '=', false as never);

  const messages: MessageRow[] = (
    await run(
      'messages',
      { id: query.id },
      ({ id }) =>
        visible(
          db
            .selectFrom('messages')
            .innerJoin('users', 'users.id', 'messages.author_id')
            .select([
              'messages.id',
              'messages.body',
              'messages.internal',
              'messages.created_at',
              'users.id as author_id',
              'users.name as author_name',
              'users.role as author_role',
            ])
            .where('messages.ticket_id', '=', id),
        )
          .orderBy('messages.created_at')
          .orderBy('messages.id'),
      // The conversation, the one read of many rows, runs on SQLite's reader thread; the point
      // lookups cost less than the trip to it and back (readerOf).
      readerOf(em, 'short'),
    )
  ).map((m) => ({
    id: m.id,
    body: m.body,
    internal: Boolean(m.internal),
    createdAt: fromDbDate(m.created_at),
    author: { id: m.author_id, name: m.author_name, role: m.author_role },
  }));

  // By the ticket rather than by a list of message ids: one statement of one shape, however long
  // the conversation.
  const attachments: AttachmentRow[] = messages.length
    ? (
        await run('attachments', { id: query.id }, ({ id }) =>
          visible(
            db
              .selectFrom('attachments')
              .innerJoin('messages', 'messages.id', 'attachments.message_id')
              .select([
                'attachments.id',
                'attachments.message_id',
                'attachments.filename',
                'attachments.size',
                'attachments.content_type',
              ])
              .where('messages.ticket_id', '=', id),
          )
            .orderBy('attachments.created_at')
            .orderBy('attachments.id'),
        )
      ).map((a) => ({
        id: a.id,
        messageId: a.message_id as string,
        filename: a.filename,
        size: Number(a.size),
        contentType: a.content_type,
      }))
    : [];

  const links: TicketRefRow[] = query.staff
    ? (
        await run('links', { id: query.id }, ({ id }) =>
          db
            .selectFrom('ticket_links')
            .innerJoin('tickets', (join) =>
              join.on((eb) =>
                eb.or([
                  eb.and([
                    eb('ticket_links.ticket_id', '=', id),
                    eb('tickets.id', '=', eb.ref('ticket_links.related_id')),
                  ]),
                  eb.and([
                    eb('ticket_links.related_id', '=', id),
                    eb('tickets.id', '=', eb.ref('ticket_links.ticket_id')),
                  ]),
                ]),
              ),
            )
            .select(['tickets.id', 'tickets.reference', 'tickets.subject', 'tickets.status'])
            .where((eb) =>
              eb.or([eb('ticket_links.ticket_id', '=', id), eb('ticket_links.related_id', '=', id)]),
            )
            .orderBy('ticket_links.created_at')
            .orderBy('tickets.id'),
        )
      ).map((link) => ({ ...link, status: link.status as TicketStatus }))
    : [];

  return { ticket, messages, attachments, links };
}
