// Helpdesk's ids (time-ordered, so the event's insert lands where Helpdesk's do), without loading
// the rest of @helpdesk/db and its ORM into the floor.
import { newId } from '@helpdesk/db/ids';
import type { FloorDatabase, FloorQueries } from './floor-db.ts';
import { SUMMARY_COLUMNS, SUMMARY_JOINS, summary, tagsOf } from './floor-queries.ts';

/**
 * The floor's writes: an agent's status change (`tickets.bulkUpdate` of one ticket, the `status`
 * scenario) and an agent's public reply (`tickets.reply`, the `reply` scenario), hand-written with
 * what Helpdesk's rules write for them, so those scenarios have a floor and what the ORM and the
 * rules' plumbing cost on a write is measured like the reads' cost.
 */
export type FloorStatus = 'open' | 'pending';

const ms = (value: unknown) => (value instanceof Date ? value.getTime() : Number(value));
/** `now`, or a millisecond after `previous` if that is not earlier: Helpdesk's activity clocks only move on. */
const later = (previous: unknown, now: number) => Math.max(now, ms(previous) + 1);

export class FloorRefusal extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function summaryOf(tx: FloorQueries, id: string) {
  const [row] = await tx.all(`select ${SUMMARY_COLUMNS} from tickets t ${SUMMARY_JOINS} where t.id = ?`, [
    id,
  ]);
  const tags = await tagsOf(tx, [id]);
  return summary(row as never, tags.get(id) ?? []);
}

/**
 * In one transaction: the ticket's row locked (MySQL; SQLite's `begin immediate` holds the whole
 * file), and unless it already has this status, the timeline event, the status with its
 * timestamps, both activity clocks moved on (a status is public) and the version bumped. Answers
 * the ticket's summary, as `tickets.bulkUpdate` answers each ticket.
 */
export function changeStatus(db: FloorDatabase, actorId: string, id: string, status: FloorStatus) {
  return db.transaction(async (tx) => {
    const lock = tx.dialect === 'mysql' ? ' for update' : '';
    const [ticket] = await tx.all(
      `select status, updated_at, customer_updated_at from tickets where id = ?${lock}`,
      [id],
    );
    if (!ticket) throw new FloorRefusal(404, 'NOT_FOUND', `Tickets ${id} not found`);
    if (ticket.status === 'closed')
      throw new FloorRefusal(409, 'CONFLICT', 'Closed tickets cannot be changed');
    if (ticket.status !== status) {
      const now = Date.now();
      const at = (time: number) => (tx.dialect === 'mysql' ? new Date(time) : time);
      await tx.all(
        `insert into ticket_events (id, ticket_id, actor_id, kind, field, from_value, to_value, internal, created_at)
         values (?, ?, ?, 'field_changed', 'status', ?, ?, ?, ?)`,
        [newId(now), id, actorId, ticket.status, status, false, at(now)],
      );
      await tx.all(
        `update tickets set status = ?, solved_at = null, closed_at = null, updated_at = ?,
           customer_updated_at = ?, version = version + 1 where id = ?`,
        [status, at(later(ticket.updated_at, now)), at(later(ticket.customer_updated_at, now)), id],
      );
    }
    return summaryOf(tx, id);
  });
}

export interface FloorAgent {
  id: string;
  name: string;
}

/**
 * An agent's public reply, in one transaction: the ticket's row locked (MySQL), the message, the
 * `replied` event, a new ticket opened (with its event), the first response time kept, both
 * activity clocks moved on, the version bumped, the text appended to the search document, and a
 * mail to the requester queued in the outbox (when active). Answers as `tickets.reply` does.
 */
export function reply(db: FloorDatabase, agent: FloorAgent, id: string, body: string) {
  return db.transaction(async (tx) => {
    const lock = tx.dialect === 'mysql' ? ' for update' : '';
    const [ticket] = await tx.all(
      `select t.reference, t.subject, t.status, t.first_response_at, t.updated_at, t.customer_updated_at,
         r.id as requester_id, r.email as requester_email, r.active as requester_active
       from tickets t join users r on r.id = t.requester_id where t.id = ?${lock}`,
      [id],
    );
    if (!ticket) throw new FloorRefusal(404, 'NOT_FOUND', 'Ticket not found');
    if (ticket.status === 'closed')
      throw new FloorRefusal(409, 'CONFLICT', 'This ticket is closed and can no longer be changed');
    const now = Date.now();
    const at = (time: number) => (tx.dialect === 'mysql' ? new Date(time) : time);
    const messageId = newId(now);
    await tx.all(
      'insert into messages (id, ticket_id, author_id, body, internal, created_at) values (?, ?, ?, ?, ?, ?)',
      [messageId, id, agent.id, body, 0, at(now)],
    );
    const opened = ticket.status === 'new';
    const event = `insert into ticket_events (id, ticket_id, actor_id, kind, field, from_value, to_value, internal, created_at)
      values (?, ?, ?, ?, ?, ?, ?, 0, ?)`;
    await tx.all(event, [newId(now), id, agent.id, 'replied', null, null, null, at(now)]);
    if (opened)
      await tx.all(event, [newId(now), id, agent.id, 'field_changed', 'status', 'new', 'open', at(now)]);
    await tx.all(
      `update tickets set status = ?, ${opened ? 'solved_at = null, closed_at = null, ' : ''}
         first_response_at = coalesce(first_response_at, ?), updated_at = ?, customer_updated_at = ?,
         version = version + 1 where id = ?`,
      [
        opened ? 'open' : ticket.status,
        at(now),
        at(later(ticket.updated_at, now)),
        at(later(ticket.customer_updated_at, now)),
        id,
      ],
    );
    await tx.all(
      tx.dialect === 'mysql'
        ? 'update ticket_search set public_text = concat(public_text, ?, ?) where ticket_id = ?'
        : 'update ticket_search set public_text = public_text || ? || ? where ticket_id = ?',
      ['\n', body, id],
    );
    if (ticket.requester_active && ticket.requester_id !== agent.id)
      await tx.all(
        `insert into outbox_mails (id, \`to\`, subject, text, kind, status, attempts, last_error, send_after, sent_at, created_at)
         values (?, ?, ?, ?, 'ticket_reply', 'pending', 0, null, ?, null, ?)`,
        [
          newId(now),
          ticket.requester_email,
          `[#${ticket.reference}] ${String(ticket.subject).replace(/[\r\n]+/g, ' ')}`.slice(0, 255),
          `${agent.name} replied to your request #${ticket.reference}:\n\n${body}\n\nOpen the ticket: {{PUBLIC_URL}}/tickets/${id}\n`,
          at(now),
          at(now),
        ],
      );
    return {
      message: {
        id: messageId,
        body,
        internal: false,
        createdAt: new Date(now).toISOString(),
        author: { id: agent.id, name: agent.name, staff: true },
        attachments: [],
      },
      ticket: await summaryOf(tx, id),
      followUp: false,
    };
  });
}
