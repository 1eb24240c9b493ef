import { useInfiniteQuery } from '@tanstack/react-query';
import { pagedQueryOptions } from '../../lib/paged.ts';
import { helpdesk, trpc } from '../../lib/trpc.ts';
import type { Organization } from './organization-form.tsx';

/** The organization's members: customers filtered by it, by name, a keyset page at a time. */
export function useOrganizationMembers(organization: Organization) {
  const input = { organizationId: organization.id, limit: 100 };
  const query = useInfiniteQuery(
    pagedQueryOptions(trpc.customers.list.infiniteQueryKey(input), input, (page, signal) =>
      helpdesk.customers.list.query(page, { signal }),
    ),
  );
  return {
    query,
    members: query.data?.pages.flatMap((page) => page.items) ?? [],
    loading: query.isPending,
    error: query.isError && !query.isFetchNextPageError ? query.error : null,
    retry: () => void query.refetch(),
  };
}
