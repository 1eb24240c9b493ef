import type { TicketPriority, TicketStatus } from '@helpdesk/validators';
import { type ExpressionBuilder, sql } from 'kysely';
import type { EntityManager } from '../orm.ts';
import { dialectOf, fromDbDate, fromDbDateOrNull, toDbDate } from './dialect.ts';
import { type HelpdeskDB, kyselyOf, readerOf } from './kysely.ts';
import { preparedQuery } from './prepared.ts';
import { applyTicketFilter, type TicketFilter } from './ticket-filters.ts';

/** A narrow list row: what a queue shows, read in one query (plus one batched query for tags). */
export interface TicketListRow {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  createdAt: Date;
  /** Agents' (any activity) or customers' (public activity) last-update time, as asked. */
  activityAt: Date;
  dueAt: Date | null;
  version: number;
  requester: { id: string; name: string };
  assignee: { id: string; name: string } | null;
  team: { id: string; name: string } | null;
  category: { id: string; name: string } | null;
  tags: string[];
  /** The row's sort key values, for the next page's keyset cursor. */
  sortValues: (string | number | null)[];
}

/** Which activity time a reader sees: agents any activity, customers public activity only. */
export type ActivityColumn = 'updated_at' | 'customer_updated_at';
export type TicketSortKey = 'activity' | 'created' | 'priority' | 'due';

export interface TicketSort {
  key: TicketSortKey;
  direction: 'asc' | 'desc';
  activity: ActivityColumn;
}

export interface TicketListQuery {
  filter: TicketFilter;
  sort: TicketSort;
  /** Keyset: the previous page's last `sortValues`. */
  after?: (string | number | null)[];
  limit: number;
  /** Load tags (agents' lists); customers' lists leave them out. */
  withTags?: boolean;
}

/** The columns of a list row, with the people and names it shows joined in. */
export function baseQuery(em: EntityManager, activity: ActivityColumn) {
  return kyselyOf(em)
    .selectFrom('tickets')
    .innerJoin('users as requester', 'requester.id', 'tickets.requester_id')
    .leftJoin('users as assignee', 'assignee.id', 'tickets.assignee_id')
    .leftJoin('teams', 'teams.id', 'tickets.team_id')
    .leftJoin('categories', 'categories.id', 'tickets.category_id')
    .select([
      'tickets.id',
      'tickets.reference',
      'tickets.subject',
      'tickets.status',
      'tickets.priority',
      'tickets.priority_rank',
      'tickets.created_at',
      `tickets.${activity} as activity_at`,
      'tickets.due_at',
      'tickets.version',
      'requester.id as requester_id',
      'requester.name as requester_name',
      'assignee.id as assignee_id',
      'assignee.name as assignee_name',
      'teams.id as team_id',
      'teams.name as team_name',
      'categories.id as category_id',
      'categories.name as category_name',
    ]);
}

export type RawRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['execute']>>[number];

/** The values a keyset cursor after this row carries, for the sort the page is in. */
function sortValuesOf(
  key: TicketSortKey,
  id: string,
  activityAt: Date,
  createdAt: Date,
  dueAt: Date | null,
  priorityRank: number,
): (string | number | null)[] {
  switch (key) {
    case 'activity':
      return [activityAt.getTime(), id];
    case 'created':
      return [createdAt.getTime(), id];
    case 'priority':
      return [priorityRank, activityAt.getTime(), id];
    case 'due':
      return [dueAt?.getTime() ?? null, id];
  }
}

export function toRow(raw: RawRow, sort: TicketSort): TicketListRow {
  const createdAt = fromDbDate(raw.created_at);
  const activityAt = fromDbDate(raw.activity_at);
  const dueAt = fromDbDateOrNull(raw.due_at);
  return {
    id: raw.id,
    reference: raw.reference,
    subject: raw.subject,
    status: raw.status as TicketStatus,
    priority: raw.priority as TicketPriority,
    createdAt,
    activityAt,
    dueAt,
    version: Number(raw.version),
    requester: { id: raw.requester_id, name: raw.requester_name },
    assignee: raw.assignee_id ? { id: raw.assignee_id, name: raw.assignee_name ?? '' } : null,
    team: raw.team_id ? { id: raw.team_id, name: raw.team_name ?? '' } : null,
    category: raw.category_id ? { id: raw.category_id, name: raw.category_name ?? '' } : null,
    tags: [],
    sortValues: sortValuesOf(sort.key, raw.id, activityAt, createdAt, dueAt, Number(raw.priority_rank)),
  };
}

/** The tags of a page of tickets in one query, never one per row. */
export async function attachTags(em: EntityManager, rows: TicketListRow[]): Promise<TicketListRow[]> {
  if (!rows.length) return rows;
  const db = kyselyOf(em);
  const links = await preparedQuery(
    db as never,
    dialectOf(em),
    'ticket-tags',
    { ids: rows.map((row) => row.id) },
    ({ ids }) =>
      db
        .selectFrom('ticket_tags')
        .innerJoin('tags', 'tags.id', 'ticket_tags.tag_id')
        .select(['ticket_tags.ticket_id', 'tags.name'])
        .where('ticket_tags.ticket_id', 'in', ids)
        .orderBy('tags.name'),
  );
  const byTicket = new Map<string, string[]>();
  for (const link of links)
    byTicket.set(link.ticket_id, [...(byTicket.get(link.ticket_id) ?? []), link.name]);
  for (const row of rows) row.tags = byTicket.get(row.id) ?? [];
  return rows;
}

type SortColumn =
  | 'tickets.updated_at'
  | 'tickets.customer_updated_at'
  | 'tickets.created_at'
  | 'tickets.priority_rank'
  | 'tickets.due_at'
  | 'tickets.id';

function sortColumns(sort: TicketSort): SortColumn[] {
  const activity = `tickets.${sort.activity}` as const;
  switch (sort.key) {
    case 'activity':
      return [activity, 'tickets.id'];
    case 'created':
      return ['tickets.created_at', 'tickets.id'];
    case 'priority':
      return ['tickets.priority_rank', activity, 'tickets.id'];
    case 'due':
      return ['tickets.due_at', 'tickets.id'];
  }
}

/** `(a, b, c) < (A, B, C)` spelled out, so every database can use the index for it. */
function keysetCondition(
  eb: ExpressionBuilder<HelpdeskDB, 'tickets'>,
  columns: SortColumn[],
  values: unknown[],
  direction: 'asc' | 'desc',
) {
  const op = direction === 'desc' ? '<' : '>';
  const branches = columns.map((column, i) =>
    eb.and([
      ...columns.slice(0, i).map((previous, j) => eb(previous, '=', values[j] as never)),
      eb(column, op, values[i] as never),
    ]),
  );
  return eb.or(branches);
}

function toDbValue(em: EntityManager, column: SortColumn, value: string | number | null) {
  if (value === null || column === 'tickets.id' || column === 'tickets.priority_rank') return value;
  return toDbDate(dialectOf(em), new Date(value));
}

/** What each sort column is called in a list row (the outer order of a union of branches). */
const ROW_COLUMN: Record<SortColumn, string> = {
  'tickets.updated_at': 'activity_at',
  'tickets.customer_updated_at': 'activity_at',
  'tickets.created_at': 'created_at',
  'tickets.priority_rank': 'priority_rank',
  'tickets.due_at': 'due_at',
  'tickets.id': 'id',
};

async function runKeyset(
  em: EntityManager,
  query: TicketListQuery,
  columns: SortColumn[],
  /** Names the extra condition: it is part of the query's shape. */
  extraName: string,
  extra: (q: ReturnType<typeof baseQuery>) => ReturnType<typeof baseQuery>,
  after: (string | number | null)[] | undefined,
  limit: number,
) {
  const dialect = dialectOf(em);
  const db = kyselyOf(em);
  const { activity, direction } = query.sort;
  const args = {
    filter: query.filter,
    after: after ? columns.map((column, i) => toDbValue(em, column, after[i] ?? null)) : null,
  };
  type Args = typeof args;
  // The page size is written into the SQL (and so into the shape's name), not bound: SQLite runs
  // a statement with a bound LIMIT several times slower (a session check: 9.2 µs against 3.0 µs).
  const pageSize = sql.lit(Math.trunc(limit));
  const branch = ({ filter, after: values }: Args) => {
    let q = extra(applyTicketFilter(baseQuery(em, activity), filter, dialect));
    if (values) q = q.where((eb) => keysetCondition(eb as never, columns, values, direction));
    for (const column of columns) q = q.orderBy(column, direction);
    return q.limit(pageSize);
  };
  const build = (built: Args) => {
    const statuses = built.filter.statuses ?? [];
    if (statuses.length < 2) return branch(built);
    // `status in (a, b)` cannot walk an index in the asked order: the database would sort every
    // matching row (an agent's whole history) for one page. One ordered, limited branch per status,
    // each on the index that starts with the status, merged: the page costs the same at any size.
    const [first, ...rest] = statuses.map((status, i) =>
      db
        .selectFrom(branch({ ...built, filter: { ...built.filter, statuses: [status] } }).as(`s${i}`))
        .selectAll(),
    );
    let union = first as NonNullable<typeof first>;
    for (const next of rest) union = union.unionAll(next);
    let merged = db.selectFrom(union.as('merged')).selectAll();
    for (const column of columns) merged = merged.orderBy(sql.ref(`merged.${ROW_COLUMN[column]}`), direction);
    return merged.limit(pageSize) as unknown as ReturnType<typeof branch>;
  };
  const name = `ticket-list:${activity}:${direction}:${columns.join(',')}:${extraName}:${Math.trunc(limit)}`;
  // A page is a read of many rows: on SQLite it runs on a reader thread, as searches do (readerOf).
  const raw = (await preparedQuery(readerOf(em, 'short') as never, dialect, name, args, build)) as RawRow[];
  return raw.map((row) => toRow(row, query.sort));
}

/**
 * One page of tickets in the asked order, by keyset: the page after `after` costs the same as the
 * first. Sorting by due date lists tickets without one last, in a second indexed query when the
 * dated ones run out.
 */
export async function listTicketRows(em: EntityManager, query: TicketListQuery): Promise<TicketListRow[]> {
  const columns = sortColumns(query.sort);
  let rows: TicketListRow[];
  if (query.sort.key !== 'due') {
    rows = await runKeyset(em, query, columns, '', (q) => q, query.after, query.limit);
  } else {
    const afterUndated = query.after !== undefined && query.after[0] === null;
    rows = afterUndated
      ? []
      : await runKeyset(
          em,
          query,
          columns,
          'dated',
          (q) => q.where('tickets.due_at', 'is not', null),
          query.after,
          query.limit,
        );
    if (rows.length < query.limit) {
      const undated = await runKeyset(
        em,
        query,
        ['tickets.id'],
        'undated',
        (q) => q.where('tickets.due_at', 'is', null),
        afterUndated ? [query.after?.[1] ?? null] : undefined,
        query.limit - rows.length,
      );
      rows = rows.concat(undated);
    }
  }
  return query.withTags ? attachTags(em, rows) : rows;
}

/**
 * These tickets' list rows (in no particular order): what a change answers with, read as a list
 * reads it, in one statement (plus one for tags) instead of loading each relation of each ticket.
 */
export async function ticketRowsByIds(
  em: EntityManager,
  ids: readonly string[],
  activity: ActivityColumn,
  withTags: boolean,
): Promise<TicketListRow[]> {
  if (!ids.length) return [];
  const sort: TicketSort = { key: 'activity', direction: 'desc', activity };
  const raw = await preparedQuery(
    kyselyOf(em) as never,
    dialectOf(em),
    `ticket-rows-by-ids:${activity}`,
    { ids: [...ids] },
    (args) => baseQuery(em, activity).where('tickets.id', 'in', args.ids),
  );
  const rows = raw.map((row) => toRow(row, sort));
  return withTags ? attachTags(em, rows) : rows;
}

/**
 * How many tickets match, counted up to `cap` (a view's badge says "999+" rather than scan a
 * million). The cap bounds the matches, not the rows read to find them (a rare combination of
 * filters may read much of the desk), so on SQLite it is a long read on the reader threads.
 */
export async function countTickets(em: EntityManager, filter: TicketFilter, cap: number): Promise<number> {
  const db = readerOf(em, 'long');
  const inner = applyTicketFilter(
    db
      .selectFrom('tickets')
      .select('tickets.id')
      .limit(sql.lit(Math.trunc(cap))),
    filter,
    dialectOf(em),
  );
  const result = await db
    .selectFrom(inner.as('matching'))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(result.count);
}
