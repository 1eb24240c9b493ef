import {
  type Backlog,
  countBacklog,
  countTicketsPerDay,
  type DayCount,
  type EntityManager,
  type Median,
  medianTicketDuration,
  type ReportScope,
  Team,
} from '@helpdesk/db';
import {
  backlogStatuses,
  type ReportsOverviewInput,
  reportDayCount,
  type TicketPriority,
  type TicketStatus,
  ticketPriorities,
} from '@helpdesk/validators';
import { NotFoundError } from '../errors.ts';

export interface ReportsOverview {
  from: string;
  to: string;
  /** Every day of the range, in order, 0 when nothing was created. */
  createdPerDay: DayCount[];
  /** Every day of the range, in order: tickets whose `solvedAt` falls on it. */
  solvedPerDay: DayCount[];
  /** Unresolved tickets now, whatever the range. */
  backlog: Backlog;
  /** Created in the range and answered: creation to first public agent reply. */
  firstResponse: Median;
  /** Created in the range and solved or closed: creation to solving. */
  resolution: Median;
}

const DAY_MS = 86_400_000;

function startOfDay(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** One entry per day from `from` to `to`: the counted ones, 0 for the others. */
function fillDays(from: string, to: string, counted: DayCount[]): DayCount[] {
  const byDate = new Map(counted.map((day) => [day.date, day.count]));
  const start = startOfDay(from).getTime();
  return Array.from({ length: reportDayCount(from, to) }, (_, i) => {
    const date = new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    return { date, count: byDate.get(date) ?? 0 };
  });
}

/** Every backlog status and every priority listed (0 when none), teams by size then name, no team last. */
function completeBacklog(backlog: Backlog): Backlog {
  const statusCounts = new Map(backlog.byStatus.map((row) => [row.status, row.count]));
  const priorityCounts = new Map(backlog.byPriority.map((row) => [row.priority, row.count]));
  return {
    byStatus: backlogStatuses.map((status: TicketStatus) => ({
      status,
      count: statusCounts.get(status) ?? 0,
    })),
    byPriority: [...ticketPriorities]
      .reverse()
      .map((priority: TicketPriority) => ({ priority, count: priorityCounts.get(priority) ?? 0 })),
    byTeam: [...backlog.byTeam].sort(
      (a, b) =>
        b.count - a.count ||
        (a.team === null ? 1 : 0) - (b.team === null ? 1 : 0) ||
        (a.team?.name ?? '').localeCompare(b.team?.name ?? ''),
    ),
  };
}

/**
 * The desk at a glance for a range of UTC days: volume in and out per day, the current backlog,
 * and median first-response and resolution times. A constant handful of aggregate statements,
 * however many tickets there are.
 */
export async function reportsOverview(
  em: EntityManager,
  input: ReportsOverviewInput,
): Promise<ReportsOverview> {
  if (input.teamId !== undefined && !(await em.count(Team, { id: input.teamId })))
    throw new NotFoundError('Team');
  const scope: ReportScope = {
    start: startOfDay(input.from),
    end: new Date(startOfDay(input.to).getTime() + DAY_MS),
    teamId: input.teamId,
  };
  const created = await countTicketsPerDay(em, 'created_at', scope);
  const solved = await countTicketsPerDay(em, 'solved_at', scope);
  const backlog = await countBacklog(em, input.teamId);
  const firstResponse = await medianTicketDuration(em, 'first_response_at', scope);
  const resolution = await medianTicketDuration(em, 'solved_at', scope);
  return {
    from: input.from,
    to: input.to,
    createdPerDay: fillDays(input.from, input.to, created),
    solvedPerDay: fillDays(input.from, input.to, solved),
    backlog: completeBacklog(backlog),
    firstResponse,
    resolution,
  };
}
