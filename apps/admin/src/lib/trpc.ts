import { type AppRouter, createHelpdeskClient } from '@helpdesk/client';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { errorCode } from './errors.ts';

/** The dashboard talks to the API only through the shared typed client, on its own origin. */
export const helpdesk = createHelpdeskClient({ url: '' });

/** Client mistakes and authorization answers never improve by asking again; outages might. */
const NO_RETRY = new Set(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);

let sessionEndedListener: (() => void) | undefined;

/** Called when a request finds the session gone; the app shell decides what that means. */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListener = listener;
  return () => {
    if (sessionEndedListener === listener) sessionEndedListener = undefined;
  };
}

export function createQueryClient() {
  // Any UNAUTHORIZED while signed in means the session ended elsewhere (signed out, revoked,
  // role changed, deactivated): the app goes back to the sign-in screen.
  const onError = (error: unknown) => {
    if (errorCode(error) === 'UNAUTHORIZED') sessionEndedListener?.();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => {
          const code = (error as { data?: { code?: string } }).data?.code;
          return !(code && NO_RETRY.has(code)) && failures < 2;
        },
      },
    },
  });
}

export const queryClient = createQueryClient();

/**
 * Query and mutation options for every procedure (`trpc.tickets.list.queryOptions(input)`), for
 * TanStack Query's hooks and the router's loaders alike. One per page: the dashboard is a
 * single-page app, so a module singleton is the simplest correct owner.
 */
export const trpc = createTRPCOptionsProxy<AppRouter>({ client: helpdesk, queryClient });
