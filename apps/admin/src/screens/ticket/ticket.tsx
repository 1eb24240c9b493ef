import { useQuery } from '@tanstack/react-query';
import { createRoute, Link, useRouteContext } from '@tanstack/react-router';
import { useEffect } from 'react';
import { Badge, PageHeader, priorityTone, statusTone } from '../../components/ui/layout.tsx';
import { Alert, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { errorCode } from '../../lib/errors.ts';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { Composer } from './composer.tsx';
import { ConflictAlert } from './conflict.tsx';
import { Conversation } from './conversation.tsx';
import { CustomFields } from './custom-fields.tsx';
import { LIVE, type Ticket, useTicketEditor } from './editor.ts';
import { Properties } from './properties.tsx';
import { RequesterTickets } from './requester-tickets.tsx';
import { Tags } from './tags.tsx';
import { Timeline } from './timeline.tsx';

export const ticketRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/tickets/$ticketId',
  // Starts the request on hover (preload) or navigation; the screen shows its own loading state.
  loader: ({ context, params }) => {
    void context.queryClient.prefetchQuery(trpc.tickets.get.queryOptions({ id: params.ticketId }));
  },
  component: TicketScreen,
});

function TicketScreen() {
  const { ticketId } = ticketRoute.useParams();
  // A fresh screen per ticket: no edit, error or conflict carries over to the next one.
  return <TicketLoader key={ticketId} ticketId={ticketId} />;
}

function TicketLoader({ ticketId }: { ticketId: string }) {
  const { me } = useRouteContext({ from: '/app' });
  const ticket = useQuery({ ...trpc.tickets.get.queryOptions({ id: ticketId }), ...LIVE });

  if (ticket.data)
    return (
      <>
        {ticket.isError ? (
          <div className="mb-4">
            <ErrorState error={ticket.error} retry={() => void ticket.refetch()} />
          </div>
        ) : null}
        <TicketView ticket={ticket.data} meId={me.id} />
      </>
    );
  return (
    <>
      <PageHeader title="Ticket" />
      {ticket.isError ? (
        ['NOT_FOUND', 'BAD_REQUEST'].includes(errorCode(ticket.error) ?? '') ? (
          <Alert>This ticket does not exist, or you may not see it.</Alert>
        ) : (
          <ErrorState error={ticket.error} retry={() => void ticket.refetch()} />
        )
      ) : (
        <LoadingState label="Loading the ticket" />
      )}
    </>
  );
}

function TicketView({ ticket, meId }: { ticket: Ticket; meId: string }) {
  const editor = useTicketEditor(ticket, meId);
  useDocumentTitle(`${ticket.reference} ${ticket.subject}`);

  return (
    <>
      <div className="[overflow-wrap:anywhere]">
        <PageHeader title={ticket.subject} description={<Summary ticket={ticket} />} />
      </div>
      <div className="mb-6 space-y-3 empty:hidden">
        <ConflictAlert editor={editor} />
        <Relations ticket={ticket} />
      </div>
      <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="min-w-0 space-y-6">
          <Conversation ticket={ticket} />
          <Composer editor={editor} />
        </div>
        <aside aria-label="Ticket details" className="min-w-0 space-y-6">
          <Properties editor={editor} meId={meId} />
          <Tags editor={editor} />
          <CustomFields editor={editor} />
          <RequesterTickets ticket={ticket} />
          <Timeline ticketId={ticket.id} />
        </aside>
      </div>
    </>
  );
}

function Summary({ ticket }: { ticket: Ticket }) {
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <span className="font-medium text-slate-800">{ticket.reference}</span>
      <Badge tone={statusTone[ticket.status]}>{humanize(ticket.status)}</Badge>
      <Badge tone={priorityTone[ticket.priority]}>{humanize(ticket.priority)} priority</Badge>
      <span>
        from{' '}
        <Link
          to="/customers/$customerId"
          params={{ customerId: ticket.requester.id }}
          className="text-blue-800 underline"
        >
          {ticket.requester.name}
        </Link>
      </span>
      <span>· via {humanize(ticket.channel)}</span>
      <span>· opened {formatDateTime(ticket.createdAt)}</span>
    </span>
  );
}

/** Merges, follow-ups and links: where else this conversation continues. */
function Relations({ ticket }: { ticket: Ticket }) {
  const refs = [
    ...(ticket.mergedInto ? [{ label: 'Merged into', ref: ticket.mergedInto }] : []),
    ...(ticket.followUpOf ? [{ label: 'Follow-up of', ref: ticket.followUpOf }] : []),
    ...(ticket.links ?? []).map((ref) => ({ label: 'Linked to', ref })),
  ];
  if (!refs.length) return null;
  return (
    <Alert tone="info">
      <ul className="space-y-1">
        {refs.map(({ label, ref }) => (
          <li key={`${label}-${ref.id}`}>
            {label}{' '}
            <Link to="/tickets/$ticketId" params={{ ticketId: ref.id }} className="text-blue-800 underline">
              {ref.reference} {ref.subject}
            </Link>{' '}
            ({humanize(ref.status)})
          </li>
        ))}
      </ul>
    </Alert>
  );
}

/** Tabs and screen readers name the page after the ticket; the previous title comes back after. */
function useDocumentTitle(title: string) {
  useEffect(() => {
    const previous = document.title;
    document.title = `${title} · Helpdesk`;
    return () => {
      document.title = previous;
    };
  }, [title]);
}
