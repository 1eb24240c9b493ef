import type { RouterOutputs } from '@helpdesk/client';
import { backlogStatuses } from '@helpdesk/validators';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useId } from 'react';
import { Spinner } from '../../components/ui/states.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime, timeAgo } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { formatDuration } from './report-range.ts';

type Overview = RouterOutputs['reports']['overview'];

/** Home polls; the app's defaults already refetch when the window gets focus again. */
export const LIVE = { refetchInterval: 30_000, refetchOnWindowFocus: true } as const;

/**
 * `tickets.list` has no total, so unassigned tickets are counted from one page of the largest
 * size: exact up to that, "100+" beyond.
 */
const COUNT_PAGE = 100;

function Stat({ label, value, children }: { label: string; value: ReactNode; children?: ReactNode }) {
  const id = useId();
  return (
    <section
      aria-labelledby={id}
      className="min-w-0 rounded-lg border border-slate-200 bg-white p-4 shadow-sm"
    >
      <h2 id={id} className="text-sm font-medium text-slate-700">
        {label}
      </h2>
      <p className="mt-1 text-2xl font-semibold sm:text-3xl text-slate-900 tabular-nums" data-stat-value>
        {value}
      </p>
      {children ? <div className="mt-1 text-sm text-slate-600">{children}</div> : null}
    </section>
  );
}

/** A figure that comes from its own query: a spinner, the error, or the value. */
function Pending({ error }: { error: unknown }) {
  return error ? (
    <span className="text-sm font-normal text-red-700">{errorMessage(error)}</span>
  ) : (
    <Spinner />
  );
}

/** The desk right now (open, pending, unassigned, the oldest waiting) and the period's medians. */
export function DeskStats({ overview, teamId }: { overview: Overview; teamId: string | undefined }) {
  const team = teamId ? { teamId } : {};
  const unassigned = useQuery({
    ...trpc.tickets.list.queryOptions({
      status: [...backlogStatuses],
      assigneeId: 'unassigned',
      limit: COUNT_PAGE,
      ...team,
    }),
    ...LIVE,
  });
  // Waiting on the desk (new or open), not on the customer (pending) or a third party (on hold).
  const oldest = useQuery({
    ...trpc.tickets.list.queryOptions({
      status: ['new', 'open'],
      sort: 'created',
      direction: 'asc',
      limit: 1,
      ...team,
    }),
    ...LIVE,
  });

  const byStatus = Object.fromEntries(overview.backlog.byStatus.map((row) => [row.status, row.count]));
  const open = (byStatus.new ?? 0) + (byStatus.open ?? 0);
  const oldestTicket = oldest.data?.items[0];
  const unassignedCount = unassigned.data
    ? `${unassigned.data.items.length}${unassigned.data.nextCursor ? '+' : ''}`
    : null;

  return (
    <div className="grid grid-cols-2 gap-4 lg:grid-cols-3">
      <Stat label="Open" value={open}>
        {byStatus.new ?? 0} new, not yet answered
      </Stat>
      <Stat label="Unassigned" value={unassignedCount ?? <Pending error={unassigned.error} />}>
        Unresolved, nobody on it
      </Stat>
      <Stat label="Pending" value={byStatus.pending ?? 0}>
        Waiting for the customer
        {byStatus.on_hold ? `; ${byStatus.on_hold} on hold` : ''}
      </Stat>
      <Stat
        label="Oldest waiting"
        value={
          oldest.data ? (
            oldestTicket ? (
              timeAgo(oldestTicket.createdAt)
            ) : (
              'None'
            )
          ) : (
            <Pending error={oldest.error} />
          )
        }
      >
        {oldestTicket ? (
          <Link
            to="/tickets/$ticketId"
            params={{ ticketId: oldestTicket.id }}
            className="block truncate font-medium text-blue-800 underline hover:text-blue-900"
            title={`Opened ${formatDateTime(oldestTicket.createdAt)}`}
          >
            {oldestTicket.reference} · {oldestTicket.subject}
          </Link>
        ) : oldest.data ? (
          'No new or open ticket'
        ) : null}
      </Stat>
      <Stat label="Median first response" value={formatDuration(overview.firstResponse.medianSeconds)}>
        Over {overview.firstResponse.count} answered tickets
      </Stat>
      <Stat label="Median resolution" value={formatDuration(overview.resolution.medianSeconds)}>
        Over {overview.resolution.count} solved tickets
      </Stat>
    </div>
  );
}
