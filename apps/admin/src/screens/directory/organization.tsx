import { useQuery } from '@tanstack/react-query';
import { createRoute, Link, useRouteContext } from '@tanstack/react-router';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { PageHeader } from '../../components/ui/layout.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { BackLink } from './details.tsx';
import { OrganizationDialog } from './organization-form.tsx';
import { OrganizationMembers } from './organization-members.tsx';
import { TicketList } from './ticket-list.tsx';

export const organizationRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/organizations/$organizationId',
  component: OrganizationScreen,
});

function OrganizationScreen() {
  const { organizationId } = organizationRoute.useParams();
  const { me } = useRouteContext({ from: '/app' });
  const [editing, setEditing] = useState(false);
  // There is no `organizations.get`: the list is small, cached and shared with the list screen.
  const organizations = useQuery(trpc.organizations.list.queryOptions());
  const organization = organizations.data?.find((candidate) => candidate.id === organizationId);
  const isAdmin = me.role === 'admin';

  if (organizations.isPending) return <LoadingState label="Loading the organization" />;
  if (!organization)
    return (
      <>
        <BackLink to="/organizations">All organizations</BackLink>
        <PageHeader title="Organization" />
        {organizations.isError ? (
          <ErrorState error={organizations.error} retry={() => void organizations.refetch()} />
        ) : (
          <EmptyState title="This organization does not exist">
            It may have been removed.{' '}
            <Link to="/organizations" className="text-blue-800 underline">
              See every organization
            </Link>
          </EmptyState>
        )}
      </>
    );

  return (
    <>
      <BackLink to="/organizations">All organizations</BackLink>
      <PageHeader
        title={organization.name}
        description={
          organization.sharedTickets
            ? 'Members can read and reply to each other’s tickets.'
            : 'Members see only their own tickets.'
        }
        actions={
          isAdmin ? (
            <Button variant="secondary" onClick={() => setEditing(true)}>
              Edit organization
            </Button>
          ) : null
        }
      />
      <OrganizationDialog open={editing} onOpenChange={setEditing} organization={organization} />
      <div className="space-y-6">
        <OrganizationMembers organization={organization} canChange={isAdmin} />
        <TicketList filter={{ organizationId: organization.id }} showRequester />
      </div>
    </>
  );
}
