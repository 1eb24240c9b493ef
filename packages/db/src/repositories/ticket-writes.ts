import type { TicketPriority, TicketStatus } from '@helpdesk/validators';
import { sql } from 'kysely';
import type { EntityManager } from '../orm.ts';
import { dialectOf, fromDbDate, fromDbDateOrNull, toDbDate } from './dialect.ts';
import { kyselyOf } from './kysely.ts';
import { preparedQuery } from './prepared.ts';
import { applyTicketFilter, type TicketFilter } from './ticket-filters.ts';

/**
 * The hottest ticket writes (an agent's status, priority, subject or due date change, one ticket or
 * a hundred, and the ticket row of every reply) as statements, not through the ORM's unit of work. A status change through entities
 * spent ~1 ms of JavaScript around 0.3 ms of SQL (loading, hydrating, computing change sets, SQL
 * built with its values inlined so SQLite compiled every statement anew, and a `returning` for the
 * optimistic-lock version that made SQLite's update 5x dearer); these are prepared once per shape.
 */

/**
 * A ticket's own columns that field changes read and write, locked for the transaction. A column
 * the field rules (packages/api rules/tickets/fields.ts) come to write must be added here too:
 * the entity path would write it, this one would not (field-changes.test.ts compares the two).
 */
export interface TicketFieldsRow {
  id: string;
  reference: string;
  version: number;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  priorityRank: number;
  dueAt: Date | null;
  solvedAt: Date | null;
  closedAt: Date | null;
  updatedAt: Date;
  customerUpdatedAt: Date;
  firstResponseAt: Date | null;
  /** Read for the change's notifications and mails; never changed here. */
  requesterId: string;
  assigneeId: string | null;
}

/** The columns a change may write (the version moves by itself). */
export type TicketFieldsChange = Partial<
  Omit<TicketFieldsRow, 'id' | 'reference' | 'version' | 'requesterId' | 'assigneeId'>
>;

const COLUMNS = {
  subject: 'subject',
  status: 'status',
  priority: 'priority',
  priorityRank: 'priority_rank',
  dueAt: 'due_at',
  solvedAt: 'solved_at',
  closedAt: 'closed_at',
  updatedAt: 'updated_at',
  customerUpdatedAt: 'customer_updated_at',
  firstResponseAt: 'first_response_at',
} as const satisfies Record<keyof TicketFieldsChange, string>;

/**
 * These tickets' fields, in id order, locked for the rest of the transaction on MySQL (`for
 * update`, taken in id order so two changes to the same tickets cannot deadlock); SQLite's one
 * connection already runs one transaction at a time. Ids that do not exist, or (with `customer`)
 * lie outside that customer's scope, are left out.
 */
export async function lockTicketFields(
  em: EntityManager,
  ids: readonly string[],
  customer?: TicketFilter['customer'],
): Promise<TicketFieldsRow[]> {
  if (!ids.length) return [];
  const db = kyselyOf(em);
  const dialect = dialectOf(em);
  const args = { ids: [...ids], customer: customer ?? null };
  const rows = await preparedQuery(db as never, dialect, 'lock-ticket-fields', args, (args) => {
    const query = applyTicketFilter(
      db.selectFrom('tickets'),
      args.customer ? { customer: args.customer } : {},
      dialect,
    )
      .select([
        'id',
        'reference',
        'version',
        'subject',
        'status',
        'priority',
        'priority_rank',
        'due_at',
        'solved_at',
        'closed_at',
        'updated_at',
        'customer_updated_at',
        'first_response_at',
        'requester_id',
        'assignee_id',
      ])
      .where('id', 'in', args.ids)
      .orderBy('id');
    return dialect === 'mysql' ? query.forUpdate() : query;
  });
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    version: Number(row.version),
    subject: row.subject,
    status: row.status as TicketStatus,
    priority: row.priority as TicketPriority,
    priorityRank: Number(row.priority_rank),
    dueAt: fromDbDateOrNull(row.due_at),
    solvedAt: fromDbDateOrNull(row.solved_at),
    closedAt: fromDbDateOrNull(row.closed_at),
    updatedAt: fromDbDate(row.updated_at),
    customerUpdatedAt: fromDbDate(row.customer_updated_at),
    firstResponseAt: fromDbDateOrNull(row.first_response_at),
    requesterId: row.requester_id,
    assigneeId: row.assignee_id ?? null,
  }));
}

/** Writes the changed columns of one ticket and moves its version on, as the ORM's would. */
export async function writeTicketFields(em: EntityManager, id: string, change: TicketFieldsChange) {
  const dialect = dialectOf(em);
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(change)) {
    values[COLUMNS[key as keyof TicketFieldsChange]] =
      value instanceof Date ? toDbDate(dialect, value) : value;
  }
  const db = kyselyOf(em);
  await preparedQuery(db as never, dialect, 'write-ticket-fields', { id, values }, (args) =>
    db
      .updateTable('tickets')
      .set({ ...(args.values as object), version: sql<number>`version + 1` })
      .where('id', '=', args.id),
  );
}
