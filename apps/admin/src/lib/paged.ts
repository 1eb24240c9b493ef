import { infiniteQueryOptions, type QueryKey } from '@tanstack/react-query';

interface Page {
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Options for `useInfiniteQuery` over a keyset-paged procedure. Not tRPC's `infiniteQueryOptions`:
 * it adds `direction: 'forward'` to every input, which the API's strict schemas refuse (and which
 * `tickets.list` would read as its sort direction). The key is still tRPC's, so invalidating a
 * router's `pathKey()` refreshes these lists too.
 */
export function pagedQueryOptions<Input extends object, Result extends Page>(
  queryKey: QueryKey,
  input: Input,
  fetchPage: (input: Input & { cursor?: string }, signal: AbortSignal) => Promise<Result>,
) {
  return infiniteQueryOptions({
    queryKey,
    queryFn: ({ pageParam, signal }) =>
      fetchPage({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: Result) => page.nextCursor ?? undefined,
  });
}
