import {
  backlogStatuses,
  priorityRank,
  type TicketPriority,
  type TicketStatus,
  ticketPriorities,
} from '@helpdesk/validators';
import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Dialect } from '../config.ts';
import type { EntityManager } from '../orm.ts';
import { dialectOf, toDbDate } from './dialect.ts';
import { type HelpdeskDB, kyselyOf } from './kysely.ts';

/**
 * Report figures, each one aggregate statement whatever the number of tickets: the database
 * groups, counts and ranks; nothing loads tickets.
 */

/** Which tickets a figure covers: a time range (start included, end excluded) and maybe one team. */
export interface ReportScope {
  start: Date;
  end: Date;
  teamId?: string;
}

/** Tickets on one UTC day (`YYYY-MM-DD`). Days without any are absent. */
export interface DayCount {
  date: string;
  count: number;
}

export interface Backlog {
  byStatus: { status: TicketStatus; count: number }[];
  byPriority: { priority: TicketPriority; count: number }[];
  byTeam: { team: { id: string; name: string } | null; count: number }[];
}

export interface Median {
  /** Null when no ticket qualifies. */
  medianSeconds: number | null;
  /** How many tickets the median is taken over. */
  count: number;
}

type DayColumn = 'created_at' | 'solved_at';
type DurationEnd = 'first_response_at' | 'solved_at';

/** The UTC day of a datetime column as `YYYY-MM-DD`; literal SQL, so GROUP BY sees the same expression. */
function utcDay(dialect: Dialect, column: DayColumn): RawBuilder<string> {
  const ref = sql.ref(`tickets.${column}`);
  return dialect === 'sqlite'
    ? sql<string>`date(${ref} / 1000, 'unixepoch')`
    : sql<string>`date_format(${ref}, '%Y-%m-%d')`;
}

/** Seconds from `created_at` to `end`, with the milliseconds. */
function secondsSinceCreated(dialect: Dialect, end: DurationEnd): RawBuilder<number> {
  const ref = sql.ref(`tickets.${end}`);
  const created = sql.ref('tickets.created_at');
  return dialect === 'sqlite'
    ? sql<number>`(${ref} - ${created}) / 1000.0`
    : sql<number>`timestampdiff(microsecond, ${created}, ${ref}) / 1e6`;
}

function forTeam<O>(query: SelectQueryBuilder<HelpdeskDB, 'tickets', O>, teamId: string | undefined) {
  return teamId === undefined ? query : query.where('tickets.team_id', '=', teamId);
}

/** Tickets per UTC day of `column` within the scope, through that column's index. */
export async function countTicketsPerDay(
  em: EntityManager,
  column: DayColumn,
  scope: ReportScope,
): Promise<DayCount[]> {
  const dialect = dialectOf(em);
  const day = utcDay(dialect, column);
  const rows = await forTeam(
    kyselyOf(em)
      .selectFrom('tickets')
      .select([day.as('day'), (eb) => eb.fn.countAll<number>().as('count')])
      .where(`tickets.${column}`, '>=', toDbDate(dialect, scope.start))
      .where(`tickets.${column}`, '<', toDbDate(dialect, scope.end)),
    scope.teamId,
  )
    .groupBy(day)
    .orderBy(day)
    .execute();
  return rows.map((row) => ({ date: String(row.day), count: Number(row.count) }));
}

const priorityOfRank = new Map<number, TicketPriority>(
  ticketPriorities.map((priority) => [priorityRank[priority], priority]),
);

/**
 * The current backlog (unresolved tickets) by status, by priority and by team: three grouped
 * counts that the status-led indexes answer without reading ticket rows. Only groups with tickets
 * are listed, in no particular order; no team is `team: null`.
 */
export async function countBacklog(em: EntityManager, teamId?: string): Promise<Backlog> {
  const db = kyselyOf(em);
  const backlog = () =>
    forTeam(db.selectFrom('tickets').where('tickets.status', 'in', [...backlogStatuses]), teamId);

  const statuses = await backlog()
    .select(['tickets.status', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('tickets.status')
    .execute();
  // By rank rather than by name: `tickets_status_priority_idx` covers (status, priority_rank).
  const ranks = await backlog()
    .select(['tickets.priority_rank', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('tickets.priority_rank')
    .execute();
  // Grouped first, named after: the join touches one row per team, not one per ticket.
  const teams = await db
    .selectFrom(
      backlog()
        .select(['tickets.team_id', (eb) => eb.fn.countAll<number>().as('count')])
        .groupBy('tickets.team_id')
        .as('grouped'),
    )
    .leftJoin('teams', 'teams.id', 'grouped.team_id')
    .select(['grouped.team_id', 'teams.name', 'grouped.count'])
    .execute();

  return {
    byStatus: statuses.map((row) => ({ status: row.status as TicketStatus, count: Number(row.count) })),
    byPriority: ranks.map((row) => ({
      priority: priorityOfRank.get(Number(row.priority_rank)) ?? 'normal',
      count: Number(row.count),
    })),
    byTeam: teams.map((row) => ({
      team: row.team_id ? { id: row.team_id, name: row.name ?? '' } : null,
      count: Number(row.count),
    })),
  };
}

/**
 * The median time from creation to `end` over tickets created in the scope that have `end` set
 * (for `solved_at`: that are solved or closed). Ranks the durations with window functions and
 * averages the middle one or two, in one statement.
 */
export async function medianTicketDuration(
  em: EntityManager,
  end: DurationEnd,
  scope: ReportScope,
): Promise<Median> {
  const dialect = dialectOf(em);
  const db = kyselyOf(em);
  const seconds = secondsSinceCreated(dialect, end);
  let ranked = forTeam(
    db
      .selectFrom('tickets')
      .select([
        seconds.as('seconds'),
        sql<number>`row_number() over (order by ${seconds})`.as('position'),
        sql<number>`count(*) over ()`.as('total'),
      ])
      .where('tickets.created_at', '>=', toDbDate(dialect, scope.start))
      .where('tickets.created_at', '<', toDbDate(dialect, scope.end))
      .where(`tickets.${end}`, 'is not', null),
    scope.teamId,
  );
  if (end === 'solved_at') ranked = ranked.where('tickets.status', 'in', ['solved', 'closed']);

  const row = await db
    .selectFrom(ranked.as('ranked'))
    .select([
      sql<number | null>`avg(ranked.seconds)`.as('median'),
      sql<number | null>`max(ranked.total)`.as('total'),
    ])
    // The middle row when the total is odd, the middle two when it is even.
    .where(sql<boolean>`ranked.position * 2 between ranked.total and ranked.total + 2`)
    .executeTakeFirst();
  const median = row?.median ?? null;
  return { medianSeconds: median === null ? null : Number(median), count: Number(row?.total ?? 0) };
}
