import { ticketStatuses } from '@helpdesk/validators';
import { useQuery } from '@tanstack/react-query';
import { createRoute } from '@tanstack/react-router';
import { Badge, Card, PageHeader, statusTone } from '../../components/ui/layout.tsx';
import { ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { formatDateTime, humanize } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { BackLink, Detail, Details, OrganizationLink } from './details.tsx';
import { TicketList } from './ticket-list.tsx';

export const customerRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/customers/$customerId',
  component: CustomerScreen,
});

function CustomerScreen() {
  const { customerId } = customerRoute.useParams();
  const customer = useQuery(trpc.customers.get.queryOptions({ id: customerId }));

  if (customer.isPending) return <LoadingState label="Loading the customer" />;
  if (customer.isError)
    return (
      <>
        <BackLink to="/customers">All customers</BackLink>
        <PageHeader title="Customer" />
        <ErrorState error={customer.error} retry={() => void customer.refetch()} />
      </>
    );

  const profile = customer.data;
  const total = ticketStatuses.reduce((sum, status) => sum + profile.ticketCounts[status], 0);
  return (
    <>
      <BackLink to="/customers">All customers</BackLink>
      <PageHeader
        title={profile.name}
        description={profile.email}
        actions={profile.active ? null : <Badge tone="red">Deactivated</Badge>}
      />
      <div className="mb-6 grid gap-4 lg:grid-cols-2">
        <Card title="Profile">
          <Details>
            <Detail label="Email">
              <a href={`mailto:${profile.email}`} className="text-blue-800 underline">
                {profile.email}
              </a>
            </Detail>
            <Detail label="Organization">
              {profile.organization ? <OrganizationLink organization={profile.organization} /> : 'None'}
            </Detail>
            <Detail label="Customer since">{formatDateTime(profile.createdAt)}</Detail>
            <Detail label="Account">{profile.active ? 'Active' : 'Deactivated'}</Detail>
          </Details>
        </Card>
        <Card title="Tickets by status">
          <p className="mb-3 text-sm text-slate-600">{total} tickets in all.</p>
          <ul className="flex flex-wrap gap-2" aria-label="Tickets by status">
            {ticketStatuses.map((status) => (
              <li key={status}>
                <Badge tone={statusTone[status]}>
                  {humanize(status)}: {profile.ticketCounts[status]}
                </Badge>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <TicketList filter={{ requesterId: profile.id }} />
    </>
  );
}
