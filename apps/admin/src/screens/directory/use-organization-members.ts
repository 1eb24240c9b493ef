import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { pagedQueryOptions } from '../../lib/paged.ts';
import { helpdesk, trpc } from '../../lib/trpc.ts';
import type { Organization } from './organization-form.tsx';

const SCAN_PAGE = 100;
/** Beyond this many customers the scan stops and says the list may be incomplete. */
const SCAN_MAX_PAGES = 20;

/**
 * The API has no "members of an organization" query, only `customers.list` (which names each
 * customer's organization) and the organization's member count. So this reads customers a page
 * of 100 at a time until it has found as many members as the count says, or reached the end.
 * One request on a small desk; bounded on a large one.
 */
export function useOrganizationMembers(organization: Organization) {
  const input = { limit: SCAN_PAGE };
  const scan = useInfiniteQuery(
    pagedQueryOptions(trpc.customers.list.infiniteQueryKey(input), input, (page, signal) =>
      helpdesk.customers.list.query(page, { signal }),
    ),
  );
  const members =
    scan.data?.pages
      .flatMap((page) => page.items)
      .filter((customer) => customer.organization?.id === organization.id) ?? [];
  const pages = scan.data?.pages.length ?? 0;
  const complete = Boolean(scan.data) && (members.length >= organization.memberCount || !scan.hasNextPage);
  const capped = !complete && pages >= SCAN_MAX_PAGES;
  const more = Boolean(scan.data) && !complete && !capped && !scan.isError;

  const { isFetching, fetchNextPage } = scan;
  useEffect(() => {
    if (more && !isFetching) void fetchNextPage();
  }, [more, isFetching, fetchNextPage]);

  return {
    members,
    loading: scan.isPending || more,
    error: scan.isError ? scan.error : null,
    /** Some members may be missing: the desk has more customers than the scan reads. */
    incomplete: capped,
    retry: () => void (scan.isFetchNextPageError ? scan.fetchNextPage() : scan.refetch()),
  };
}
