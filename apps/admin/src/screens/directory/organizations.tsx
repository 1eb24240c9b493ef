import { useQuery } from '@tanstack/react-query';
import { createRoute, useNavigate, useRouteContext } from '@tanstack/react-router';
import { useDeferredValue, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Badge, PageHeader } from '../../components/ui/layout.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { OrganizationLink } from './details.tsx';
import { OrganizationDialog } from './organization-form.tsx';

export const organizationsRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/organizations',
  component: OrganizationsScreen,
});

/** Case- and accent-insensitive, so "ecole" finds "École". */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

function OrganizationsScreen() {
  const { me } = useRouteContext({ from: '/app' });
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [search, setSearch] = useState('');
  const organizations = useQuery(trpc.organizations.list.queryOptions());
  // The API answers every organization at once, so searching filters what is already here.
  const needle = fold(useDeferredValue(search).trim());
  const shown = organizations.data?.filter((organization) => fold(organization.name).includes(needle)) ?? [];
  const isAdmin = me.role === 'admin';

  return (
    <>
      <PageHeader
        title="Organizations"
        description={
          isAdmin
            ? 'Companies and groups of customers.'
            : 'Companies and groups of customers. Only admins can create or change them.'
        }
        actions={isAdmin ? <Button onClick={() => setCreating(true)}>New organization</Button> : null}
      />
      <OrganizationDialog
        open={creating}
        onOpenChange={setCreating}
        onSaved={(organization) =>
          navigate({ to: '/organizations/$organizationId', params: { organizationId: organization.id } })
        }
      />
      <div className="mb-4 max-w-md">
        <Field label="Search organizations">
          <Input
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
            autoComplete="off"
          />
        </Field>
      </div>
      {organizations.isPending ? (
        <LoadingState label="Loading organizations" />
      ) : organizations.isError ? (
        <ErrorState error={organizations.error} retry={() => void organizations.refetch()} />
      ) : organizations.data.length === 0 ? (
        <EmptyState title="No organizations yet">
          {isAdmin ? 'Create one to group customers of the same company.' : 'An admin can create them.'}
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState title={`No organization matches “${search.trim()}”`} />
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600" aria-live="polite">
            {shown.length} of {organizations.data.length} organizations.
          </p>
          <Table label="Organizations">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th className="text-right">Members</Th>
                <Th>Ticket sharing</Th>
              </tr>
            </thead>
            <tbody>
              {shown.map((organization) => (
                <Tr key={organization.id}>
                  <Td className="min-w-48">
                    <OrganizationLink organization={organization} className="font-medium" />
                  </Td>
                  <Td className="text-right tabular-nums">{organization.memberCount}</Td>
                  <Td className="whitespace-nowrap">
                    {organization.sharedTickets ? <Badge tone="blue">Shared</Badge> : 'Private'}
                  </Td>
                </Tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
    </>
  );
}
