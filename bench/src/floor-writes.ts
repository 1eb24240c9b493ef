// Helpdesk's ids (time-ordered, so the event's insert lands where Helpdesk's do), without loading
// the rest of @helpdesk/db and its ORM into the floor.
import { newId } from '@helpdesk/db/ids';
import type { FloorDatabase, FloorQueries } from './floor-db.ts';
import { SUMMARY_COLUMNS, SUMMARY_JOINS, summary, tagsOf } from './floor-queries.ts';

/**
 * The floor's one write: an agent's status change (`tickets.bulkUpdate` of one ticket, the `status`
 * scenario), hand-written with what Helpdesk's rules write for it, so the scenario has a floor and
 * what the ORM and the rules' plumbing cost on a write is measured like the reads' cost.
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
