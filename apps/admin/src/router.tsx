import { createRouter } from '@tanstack/react-router';
import { queryClient } from './lib/trpc.ts';
import { appLayoutRoute, publicLayoutRoute, rootRoute } from './routes/layout.tsx';
import { accountRoute } from './screens/account/account.tsx';
import { agentsRoute } from './screens/admin/agents.tsx';
import { auditRoute } from './screens/admin/audit.tsx';
import { cannedResponsesRoute } from './screens/admin/canned-responses.tsx';
import { categoriesRoute } from './screens/admin/categories.tsx';
import { teamsRoute } from './screens/admin/teams.tsx';
import { acceptInviteRoute } from './screens/auth/accept-invite.tsx';
import { confirmEmailRoute } from './screens/auth/confirm-email.tsx';
import { forgotPasswordRoute } from './screens/auth/forgot-password.tsx';
import { resetPasswordRoute } from './screens/auth/reset-password.tsx';
import { signInRoute } from './screens/auth/sign-in.tsx';
import { verifyEmailRoute } from './screens/auth/verify-email.tsx';
import { customerRoute } from './screens/directory/customer.tsx';
import { customersRoute } from './screens/directory/customers.tsx';
import { organizationRoute } from './screens/directory/organization.tsx';
import { organizationsRoute } from './screens/directory/organizations.tsx';
import { homeRoute } from './screens/home/home.tsx';
import { queueRoute } from './screens/queue/queue.tsx';
import { ticketRoute } from './screens/ticket/ticket.tsx';

const routeTree = rootRoute.addChildren([
  publicLayoutRoute.addChildren([
    signInRoute,
    forgotPasswordRoute,
    resetPasswordRoute,
    acceptInviteRoute,
    verifyEmailRoute,
    confirmEmailRoute,
  ]),
  appLayoutRoute.addChildren([
    homeRoute,
    queueRoute,
    ticketRoute,
    customersRoute,
    customerRoute,
    organizationsRoute,
    organizationRoute,
    agentsRoute,
    teamsRoute,
    categoriesRoute,
    cannedResponsesRoute,
    auditRoute,
    accountRoute,
  ]),
]);

export const router = createRouter({
  routeTree,
  basepath: '/admin',
  context: { queryClient },
  defaultPreload: 'intent',
  // Loaders read through TanStack Query's cache, which decides freshness.
  defaultPreloadStaleTime: 0,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
