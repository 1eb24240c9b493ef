import type { TicketPriority, TicketStatus } from '@helpdesk/validators';
import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { EntityManager } from '../orm.ts';
import { dialectOf, fromDbDate, toDbDate } from './dialect.ts';
import { type HelpdeskDB, kyselyOf } from './kysely.ts';
import { fullTextQuery, type SearchScope, toSearchTerms } from './search.ts';

/** A narrow list row: what a queue shows, read in one query with the two names it needs. */
export interface TicketListRow {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  createdAt: Date;
  /** The value of the column the list is ordered by (agents' or customers' activity time). */
  activityAt: Date;
  version: number;
  requester: { id: string; name: string };
  assignee: { id: string; name: string } | null;
}

export interface TicketFilter {
  /** Only this requester's tickets (a customer's own). */
  requesterId?: string;
  statuses?: readonly TicketStatus[];
  /** An assignee's id, or null for unassigned tickets. */
  assigneeId?: string | null;
}

/** Agents sort by any activity; customers by the activity they can see. */
export type ActivityColumn = 'updated_at' | 'customer_updated_at';

export interface TicketListQuery extends TicketFilter {
  orderBy: ActivityColumn;
  /** Keyset: the last row of the previous page. */
  after?: { activityAt: Date; id: string };
  limit: number;
}

export interface TicketSearchQuery extends TicketFilter {
  text: string;
  scope: SearchScope;
  orderBy: ActivityColumn;
  offset: number;
  limit: number;
}

function baseQuery(em: EntityManager, orderBy: ActivityColumn) {
  return kyselyOf(em)
    .selectFrom('tickets')
    .innerJoin('users as requester', 'requester.id', 'tickets.requester_id')
    .leftJoin('users as assignee', 'assignee.id', 'tickets.assignee_id')
    .select([
      'tickets.id',
      'tickets.reference',
      'tickets.subject',
      'tickets.status',
      'tickets.priority',
      'tickets.created_at',
      `tickets.${orderBy} as activity_at`,
      'tickets.version',
      'requester.id as requester_id',
      'requester.name as requester_name',
      'assignee.id as assignee_id',
      'assignee.name as assignee_name',
    ]);
}

function applyFilter<Q extends SelectQueryBuilder<HelpdeskDB, 'tickets', object>>(
  query: Q,
  filter: TicketFilter,
): Q {
  let q = query as SelectQueryBuilder<HelpdeskDB, 'tickets', object>;
  if (filter.requesterId !== undefined) q = q.where('tickets.requester_id', '=', filter.requesterId);
  if (filter.statuses?.length) q = q.where('tickets.status', 'in', filter.statuses);
  if (filter.assigneeId === null) q = q.where('tickets.assignee_id', 'is', null);
  else if (filter.assigneeId !== undefined) q = q.where('tickets.assignee_id', '=', filter.assigneeId);
  return q as Q;
}

type TicketsQuery = ReturnType<typeof baseQuery>;
type RawRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

function toRow(raw: RawRow): TicketListRow {
  return {
    id: raw.id,
    reference: raw.reference,
    subject: raw.subject,
    status: raw.status as TicketStatus,
    priority: raw.priority as TicketPriority,
    createdAt: fromDbDate(raw.created_at),
    activityAt: fromDbDate(raw.activity_at),
    version: Number(raw.version),
    requester: { id: raw.requester_id, name: raw.requester_name },
    assignee: raw.assignee_id ? { id: raw.assignee_id, name: raw.assignee_name ?? '' } : null,
  };
}

/** One page of a ticket queue, newest activity first, by keyset. One SQL statement. */
export async function listTicketRows(em: EntityManager, query: TicketListQuery): Promise<TicketListRow[]> {
  const dialect = dialectOf(em);
  const column = `tickets.${query.orderBy}` as const;
  let q = applyFilter(baseQuery(em, query.orderBy), query);
  const after = query.after;
  if (after) {
    const at = toDbDate(dialect, after.activityAt);
    q = q.where((eb: ExpressionBuilder<HelpdeskDB, 'tickets'>) =>
      eb.or([eb(column, '<', at), eb.and([eb(column, '=', at), eb('tickets.id', '<', after.id)])]),
    );
  }
  const rows = await q.orderBy(column, 'desc').orderBy('tickets.id', 'desc').limit(query.limit).execute();
  return rows.map(toRow);
}

/**
 * Full-text search over subjects and messages, combined with the same filters, ranked by
 * relevance (then activity). Customers' scope only ever matches public text. One SQL statement.
 */
export async function searchTicketRows(
  em: EntityManager,
  query: TicketSearchQuery,
): Promise<TicketListRow[]> {
  const terms = toSearchTerms(query.text);
  if (!terms.length) return [];
  const dialect = dialectOf(em);
  const match = fullTextQuery(dialect, terms, query.scope);
  const columns =
    query.scope === 'public'
      ? sql`ticket_search.public_text`
      : sql`ticket_search.public_text, ticket_search.internal_text`;

  let q: TicketsQuery;
  let score: ReturnType<typeof sql<number>>;
  if (dialect === 'mysql') {
    score = sql<number>`match(${columns}) against (${match} in boolean mode)`;
    q = baseQuery(em, query.orderBy)
      .innerJoin('ticket_search', 'ticket_search.ticket_id', 'tickets.id')
      .where(score, '>', 0) as unknown as TicketsQuery;
  } else {
    // FTS5 under the alias `fts`: MATCH goes through its hidden column, `rank` is bm25 (lower is better).
    score = sql<number>`-fts.rank`;
    q = baseQuery(em, query.orderBy)
      .innerJoin('ticket_search', 'ticket_search.ticket_id', 'tickets.id')
      .innerJoin(sql`ticket_search_fts`.as('fts'), (join) =>
        join.on(sql<boolean>`fts.rowid = ticket_search.id`),
      )
      .where(sql<boolean>`fts.ticket_search_fts match ${match}`) as unknown as TicketsQuery;
  }
  const rows = await applyFilter(q, query)
    .orderBy(score, 'desc')
    .orderBy(`tickets.${query.orderBy}`, 'desc')
    .orderBy('tickets.id', 'desc')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return (rows as unknown as RawRow[]).map(toRow);
}
