import type { RouterOutputs } from '@helpdesk/client';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Badge, Card } from '../../components/ui/layout.tsx';
import { Alert, EmptyState, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { ActionsTh, Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { trpc } from '../../lib/trpc.ts';
import { CustomerSearch } from './customer-search.tsx';
import { LoadMore } from './load-more.tsx';
import { changeErrorMessage, type Organization, refreshDirectory } from './organization-form.tsx';
import { useOrganizationMembers } from './use-organization-members.ts';

type Customer = RouterOutputs['customers']['list']['items'][number];

const linkClass = 'font-medium text-blue-800 underline hover:text-blue-900';

/** The organization's customers; admins add and remove them here. */
export function OrganizationMembers({
  organization,
  canChange,
}: {
  organization: Organization;
  canChange: boolean;
}) {
  const { query, members, loading, error, retry } = useOrganizationMembers(organization);
  const [notice, setNotice] = useState('');
  const memberInput = (customer: Customer) => ({ organizationId: organization.id, userId: customer.id });
  // Busy until the lists show the change, not just until the server has made it.
  const add = useMutation(trpc.organizations.addMember.mutationOptions({ onSuccess: refreshDirectory }));
  const remove = useMutation(
    trpc.organizations.removeMember.mutationOptions({ onSuccess: refreshDirectory }),
  );
  const change = (mutation: typeof add | typeof remove, customer: Customer, done: string) => {
    setNotice('');
    add.reset();
    remove.reset();
    mutation.mutate(memberInput(customer), { onSuccess: () => setNotice(`${customer.name} ${done}.`) });
  };
  const failed = add.error ?? remove.error;

  return (
    <Card title={`Members (${organization.memberCount})`}>
      {canChange ? (
        <AddMember
          organization={organization}
          busyId={add.isPending ? add.variables?.userId : undefined}
          onAdd={(customer) => change(add, customer, 'is now a member')}
        />
      ) : null}
      <div className="mb-3 space-y-2">
        {failed ? <Alert>{changeErrorMessage(failed)}</Alert> : null}
        {notice ? <Alert tone="success">{notice}</Alert> : null}
      </div>
      {error ? (
        <ErrorState error={error} retry={retry} />
      ) : loading ? (
        <LoadingState label="Loading members" />
      ) : members.length === 0 ? (
        <EmptyState title="No members yet">
          {canChange ? 'Find a customer above to add them.' : 'An admin can add customers.'}
        </EmptyState>
      ) : (
        <Table label={`Members of ${organization.name}`}>
          <thead>
            <tr>
              <Th>Name</Th>
              <Th>Email</Th>
              <Th className="text-right">Tickets</Th>
              {canChange ? <ActionsTh /> : null}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => (
              <Tr key={member.id}>
                <Td className="whitespace-nowrap">
                  <Link to="/customers/$customerId" params={{ customerId: member.id }} className={linkClass}>
                    {member.name}
                  </Link>
                </Td>
                <Td className="whitespace-nowrap">{member.email}</Td>
                <Td className="text-right tabular-nums">{member.ticketCount}</Td>
                {canChange ? (
                  <Td className="text-right">
                    <Button
                      variant="secondary"
                      size="sm"
                      aria-label={`Remove ${member.name}`}
                      busy={remove.isPending && remove.variables?.userId === member.id}
                      onClick={() => change(remove, member, 'is no longer a member')}
                    >
                      Remove
                    </Button>
                  </Td>
                ) : null}
              </Tr>
            ))}
          </tbody>
        </Table>
      )}
      {members.length > 0 ? <LoadMore query={query} what="members" /> : null}
    </Card>
  );
}

/** Finds customers by name or email; one may belong to another organization, and moves here. */
function AddMember({
  organization,
  busyId,
  onAdd,
}: {
  organization: Organization;
  busyId: string | undefined;
  onAdd: (customer: Customer) => void;
}) {
  const [search, setSearch] = useState<string>();
  const found = useQuery({
    ...trpc.customers.list.queryOptions({ search: search ?? '', limit: 10 }),
    enabled: search !== undefined,
  });
  return (
    <div className="mb-4 rounded-md border border-slate-200 bg-slate-50 p-3">
      <h3 className="mb-2 text-sm font-semibold text-slate-900">Add a member</h3>
      <CustomerSearch label="Find a customer" value={search} onSearch={setSearch} />
      {search === undefined ? null : found.isPending ? (
        <LoadingState label="Searching" />
      ) : found.isError ? (
        <ErrorState error={found.error} retry={() => void found.refetch()} />
      ) : found.data.items.length === 0 ? (
        <p className="mt-2 text-sm text-slate-700">No customer matches “{search}”.</p>
      ) : (
        <ul className="mt-3 divide-y divide-slate-200" aria-label="Matching customers">
          {found.data.items.map((customer) => {
            const member = customer.organization?.id === organization.id;
            return (
              <li key={customer.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <div className="min-w-0 text-sm">
                  <p className="font-medium text-slate-900">{customer.name}</p>
                  <p className="break-all text-slate-600">
                    {customer.email}
                    {customer.organization && !member ? ` · in ${customer.organization.name}` : ''}
                  </p>
                </div>
                {member ? (
                  <Badge tone="green">Member</Badge>
                ) : (
                  <Button
                    size="sm"
                    aria-label={`Add ${customer.name}`}
                    busy={busyId === customer.id}
                    onClick={() => onAdd(customer)}
                  >
                    Add
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <p className="mt-2 text-xs text-slate-600">
        A customer belongs to one organization at most: adding someone from another one moves them here.
      </p>
    </div>
  );
}
