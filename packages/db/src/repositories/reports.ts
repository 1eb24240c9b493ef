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
import { type HelpdeskDB, readerOf } from './kysely.ts';

/**
 * Report figures, each one aggregate statement whatever the number of tickets: the database
 * groups, counts and ranks; nothing loads tickets. They read a whole desk's tickets, so on SQLite
 * they run on the reader threads as long reads (readerOf): on the server's connection a report of
 * a million tickets held up every other request for its 1.3–3.4 seconds (bench/HISTORY.md, round
 * 12).
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
    readerOf(em, 'long')
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
 * The current backlog (unresolved tickets) by status, by priority and by team: grouped counts
 * that indexes answer without reading ticket rows. Only groups with tickets are listed, in no
 * particular order; no team is `team: null`.
 */
export async function countBacklog(em: EntityManager, teamId?: string): Promise<Backlog> {
  const db = readerOf(em, 'long');
  const backlog = () =>
    forTeam(db.selectFrom('tickets').where('tickets.status', 'in', [...backlogStatuses]), teamId);

  // One grouped scan of `tickets_status_priority_idx` (status, priority_rank), in the index's own
  // order, summed both ways here: at a million tickets 52 ms on SQLite (100 ms on MariaDB) against
  // 250 ms (460 ms) for a count by status and another by priority.
  const cells = await backlog()
    .select(['tickets.status', 'tickets.priority_rank', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy(['tickets.status', 'tickets.priority_rank'])
    .execute();
  const byStatus = new Map<TicketStatus, number>();
  const byPriority = new Map<TicketPriority, number>();
  for (const cell of cells) {
    const status = cell.status as TicketStatus;
    const priority = priorityOfRank.get(Number(cell.priority_rank)) ?? 'normal';
    byStatus.set(status, (byStatus.get(status) ?? 0) + Number(cell.count));
    byPriority.set(priority, (byPriority.get(priority) ?? 0) + Number(cell.count));
  }
  // Counted team by team, each within `tickets_team_status_updated_idx` (team, status): grouping the
  // backlog by team read every backlog ticket's row (0.86 s at a million tickets, 35 ms this way).
  let teamsQuery = db.selectFrom('teams').select((eb) => [
    'teams.id as team_id',
    'teams.name',
    eb
      .selectFrom('tickets')
      .select(eb.fn.countAll<number>().as('n'))
      .whereRef('tickets.team_id', '=', 'teams.id')
      .where('tickets.status', 'in', [...backlogStatuses])
      .as('count'),
  ]);
  if (teamId !== undefined) teamsQuery = teamsQuery.where('teams.id', '=', teamId);
  const teams: { team_id: string | null; name: string | null; count: number | null }[] =
    await teamsQuery.execute();
  if (teamId === undefined) {
    const noTeam = await backlog()
      .where('tickets.team_id', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirst();
    teams.push({ team_id: null, name: null, count: noTeam?.count ?? 0 });
  }

  return {
    byStatus: [...byStatus].map(([status, count]) => ({ status, count })),
    byPriority: [...byPriority].map(([priority, count]) => ({ priority, count })),
    byTeam: teams
      .filter((row) => Number(row.count) > 0)
      .map((row) => ({
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
  const db = readerOf(em, 'long');
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
