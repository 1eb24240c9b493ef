import type { RouterOutputs } from '@helpdesk/client';
import type { TicketFilterInput } from '@helpdesk/validators';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { pagedQueryOptions } from '../../lib/paged.ts';
import { helpdesk, trpc } from '../../lib/trpc.ts';
import { listInput, type QueueSearch } from './search.ts';

export type TicketRow = RouterOutputs['tickets']['list']['items'][number];
export type SavedView = RouterOutputs['views']['list'][number];

/** How often the queue asks again while it is open: the desk should feel live. */
export const LIVE_INTERVAL = 15_000;
export const PAGE_SIZE = 25;

/** Agents, teams and categories: the choices of the filters and of bulk actions. */
export function useDirectory() {
  const agents = useQuery({ ...trpc.users.agents.queryOptions(), staleTime: 60_000 });
  const teams = useQuery({ ...trpc.teams.list.queryOptions(), staleTime: 60_000 });
  const categories = useQuery({ ...trpc.categories.list.queryOptions(), staleTime: 60_000 });
  return {
    agents: agents.data ?? [],
    teams: teams.data ?? [],
    categories: categories.data ?? [],
  };
}

/**
 * Saved views with live counts. `views.list` counts too, but costs more; the cheap `views.counts`
 * is what polls, and its numbers win while they are fresher.
 */
export function useViews() {
  const list = useQuery(trpc.views.list.queryOptions());
  const counts = useQuery({ ...trpc.views.counts.queryOptions(), refetchInterval: LIVE_INTERVAL });
  const fresher = counts.dataUpdatedAt > list.dataUpdatedAt;
  const countOf = new Map(fresher ? counts.data?.map((entry) => [entry.id, entry.count]) : []);
  const views = list.data?.map((view) => ({ ...view, count: countOf.get(view.id) ?? view.count }));
  return { list, views };
}

/**
 * The queue's pages, one keyset cursor after another ("Load more"). Every loaded page is asked
 * again on each poll, so a ticket that changed or arrived shows without a reload.
 *
 * The key is built here, not with `trpc.tickets.list.infiniteQueryKey`: that one drops `direction`
 * (tRPC reserves it for paging), so both directions of a sort would share one cache entry.
 */
export function useTicketPages(filters: TicketFilterInput | undefined, search: QueueSearch) {
  const input = filters ? listInput(filters, search, PAGE_SIZE) : undefined;
  return useInfiniteQuery({
    ...pagedQueryOptions(
      [...trpc.tickets.list.pathKey(), { input: input ?? null, type: 'infinite' }],
      input ?? {},
      (page, signal) => helpdesk.tickets.list.query(page, { signal }),
    ),
    enabled: Boolean(input),
    refetchInterval: LIVE_INTERVAL,
    // Filters change the key: the previous rows stay on screen until the new ones arrive.
    placeholderData: (previous) => previous,
  });
}

/** "999+" at the server's cap, so a badge never claims an exact count it does not have. */
export function formatCount(count: number): string {
  return count >= 1000 ? '999+' : String(count);
}
