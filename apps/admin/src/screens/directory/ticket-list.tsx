import type { RouterInputs } from '@helpdesk/client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { Badge, Card, priorityTone, statusTone } from '../../components/ui/layout.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { formatDateTime, humanize, timeAgo } from '../../lib/format.ts';
import { pagedQueryOptions } from '../../lib/paged.ts';
import { helpdesk, trpc } from '../../lib/trpc.ts';
import { LoadMore } from './load-more.tsx';

type TicketFilter = Pick<RouterInputs['tickets']['list'], 'requesterId' | 'organizationId'>;

/** The tickets of a customer or an organization, latest activity first, a page at a time. */
export function TicketList({ filter, showRequester }: { filter: TicketFilter; showRequester?: boolean }) {
  const input = { ...filter, limit: 25 };
  const tickets = useInfiniteQuery(
    pagedQueryOptions(trpc.tickets.list.infiniteQueryKey(input), input, (page, signal) =>
      helpdesk.tickets.list.query(page, { signal }),
    ),
  );
  const items = tickets.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Card title="Tickets">
      {tickets.isPending ? (
        <LoadingState label="Loading tickets" />
      ) : tickets.isError && !tickets.isFetchNextPageError ? (
        <ErrorState error={tickets.error} retry={() => void tickets.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title="No tickets yet" />
      ) : (
        <>
          <Table label="Tickets">
            <thead>
              <tr>
                <Th>Reference</Th>
                <Th>Subject</Th>
                <Th>Status</Th>
                <Th>Priority</Th>
                {showRequester ? <Th>Requester</Th> : null}
                <Th>Assignee</Th>
                <Th>Last activity</Th>
              </tr>
            </thead>
            <tbody>
              {items.map((ticket) => (
                <Tr key={ticket.id}>
                  <Td className="whitespace-nowrap text-slate-700">{ticket.reference}</Td>
                  <Td className="min-w-56">
                    <Link
                      to="/tickets/$ticketId"
                      params={{ ticketId: ticket.id }}
                      className="font-medium text-blue-800 underline hover:text-blue-900"
                    >
                      {ticket.subject}
                    </Link>
                  </Td>
                  <Td>
                    <Badge tone={statusTone[ticket.status]}>{humanize(ticket.status)}</Badge>
                  </Td>
                  <Td>
                    <Badge tone={priorityTone[ticket.priority]}>{humanize(ticket.priority)}</Badge>
                  </Td>
                  {showRequester ? (
                    <Td className="whitespace-nowrap">
                      <Link
                        to="/customers/$customerId"
                        params={{ customerId: ticket.requester.id }}
                        className="text-blue-800 underline hover:text-blue-900"
                      >
                        {ticket.requester.name}
                      </Link>
                    </Td>
                  ) : null}
                  <Td className="whitespace-nowrap">{ticket.assignee?.name ?? 'Unassigned'}</Td>
                  <Td className="whitespace-nowrap">
                    <time dateTime={ticket.updatedAt} title={formatDateTime(ticket.updatedAt)}>
                      {timeAgo(ticket.updatedAt)}
                    </time>
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          <LoadMore query={tickets} what="tickets" />
        </>
      )}
    </Card>
  );
}
