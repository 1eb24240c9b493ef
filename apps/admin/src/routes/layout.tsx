import type { Me } from '@helpdesk/client';
import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, Outlet, redirect } from '@tanstack/react-router';
import { AppShell } from '../components/app-shell.tsx';
import { trpc } from '../lib/trpc.ts';

export interface RouterContext {
  queryClient: QueryClient;
}

export const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
});

/** The signed-in user, fetched once and kept in the query cache. */
export function loadMe(queryClient: QueryClient): Promise<Me | null> {
  return queryClient.ensureQueryData(trpc.auth.me.queryOptions());
}

/** Screens anyone may open: sign-in and the emailed links (reset, invite, verify). */
export const publicLayoutRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'public',
  component: Outlet,
});

/** Every other screen needs a signed-in agent or admin; customers are told where to go. */
export const appLayoutRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'app',
  beforeLoad: async ({ context, location }) => {
    const me = await loadMe(context.queryClient);
    if (!me) {
      throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    }
    return { me };
  },
  component: AppShell,
});
