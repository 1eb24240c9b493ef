import { useInfiniteQuery } from '@tanstack/react-query';
import { createRoute, Link, useNavigate } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { pagedQueryOptions } from '../../lib/paged.ts';
import { helpdesk, trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { CustomerSearch } from './customer-search.tsx';
import { OrganizationLink } from './details.tsx';
import { LoadMore } from './load-more.tsx';

interface CustomersSearch {
  q?: string;
}

export const customersRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/customers',
  validateSearch: (search: Record<string, unknown>): CustomersSearch =>
    typeof search.q === 'string' && search.q.trim() ? { q: search.q } : {},
  component: CustomersScreen,
});

function CustomersScreen() {
  const { q } = customersRoute.useSearch();
  const navigate = useNavigate({ from: customersRoute.fullPath });
  const input = { ...(q ? { search: q } : {}), limit: 25 };
  const customers = useInfiniteQuery(
    pagedQueryOptions(trpc.customers.list.infiniteQueryKey(input), input, (page, signal) =>
      helpdesk.customers.list.query(page, { signal }),
    ),
  );
  const items = customers.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <>
      <PageHeader title="Customers" description="Everyone who asks the desk for help, by name." />
      <div className="mb-4 max-w-xl">
        <CustomerSearch
          label="Search customers"
          value={q}
          onSearch={(search) => navigate({ search: search ? { q: search } : {} })}
        />
      </div>
      {customers.isPending ? (
        <LoadingState label="Loading customers" />
      ) : customers.isError && !customers.isFetchNextPageError ? (
        <ErrorState error={customers.error} retry={() => void customers.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState title={q ? `No customer matches “${q}”` : 'No customers yet'}>
          {q ? (
            <Link to="/customers" className="text-blue-800 underline">
              Show every customer
            </Link>
          ) : (
            'Customers appear here when they write in or sign up.'
          )}
        </EmptyState>
      ) : (
        <>
          <p className="mb-2 text-sm text-slate-600" aria-live="polite">
            {q ? `Customers whose name or email starts with “${q}”` : 'All customers'}: {items.length}
            {customers.hasNextPage ? ' shown, more below' : ''}.
          </p>
          <Table label="Customers">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Email</Th>
                <Th>Organization</Th>
                <Th className="text-right">Tickets</Th>
              </tr>
            </thead>
            <tbody>
              {items.map((customer) => (
                <Tr key={customer.id}>
                  <Td className="whitespace-nowrap">
                    <Link
                      to="/customers/$customerId"
                      params={{ customerId: customer.id }}
                      className="font-medium text-blue-800 underline hover:text-blue-900"
                    >
                      {customer.name}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap">{customer.email}</Td>
                  <Td className="whitespace-nowrap">
                    {customer.organization ? (
                      <OrganizationLink organization={customer.organization} />
                    ) : (
                      <span className="text-slate-600">None</span>
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">{customer.ticketCount}</Td>
                </Tr>
              ))}
            </tbody>
          </Table>
          <LoadMore query={customers} what="customers" />
        </>
      )}
    </>
  );
}
