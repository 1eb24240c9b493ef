import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Badge, Card, statusTone } from '../../components/ui/layout.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { formatDateTime, humanize, timeAgo } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import type { Ticket } from './editor.ts';

const SHOWN = 5;

/** The requester's other tickets, latest activity first: context for the answer being written. */
export function RequesterTickets({ ticket }: { ticket: Ticket }) {
  const { requester } = ticket;
  const others = useQuery({
    ...trpc.tickets.list.queryOptions({ requesterId: requester.id, limit: SHOWN + 1 }),
    select: (page) => page.items.filter((item) => item.id !== ticket.id).slice(0, SHOWN),
  });

  return (
    <Card
      title={`Other tickets from ${requester.name}`}
      actions={
        <Link
          to="/customers/$customerId"
          params={{ customerId: requester.id }}
          className="shrink-0 text-sm text-blue-800 underline"
        >
          Profile
        </Link>
      }
    >
      {others.isPending ? (
        <LoadingState label="Loading tickets" />
      ) : others.isError ? (
        <ErrorState error={others.error} retry={() => void others.refetch()} />
      ) : others.data.length === 0 ? (
        <EmptyState title="No other tickets" />
      ) : (
        <ul className="divide-y divide-slate-100">
          {others.data.map((other) => (
            <li key={other.id} className="py-2 text-sm">
              <Link
                to="/tickets/$ticketId"
                params={{ ticketId: other.id }}
                className="font-medium text-blue-800 underline [overflow-wrap:anywhere]"
              >
                {other.subject}
              </Link>
              <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
                <Badge tone={statusTone[other.status]}>{humanize(other.status)}</Badge>
                <span>{other.reference}</span>
                <time dateTime={other.updatedAt} title={formatDateTime(other.updatedAt)}>
                  {timeAgo(other.updatedAt)}
                </time>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
