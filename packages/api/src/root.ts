import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { accountRouter } from './routers/account.ts';
import { apiTokensRouter } from './routers/api-tokens.ts';
import { auditRouter } from './routers/audit.ts';
import { authRouter } from './routers/auth.ts';
import { cannedResponsesRouter } from './routers/canned-responses.ts';
import { categoriesRouter } from './routers/categories.ts';
import { customFieldsRouter } from './routers/custom-fields.ts';
import { customersRouter } from './routers/customers.ts';
import { liveRouter } from './routers/live.ts';
import { notificationsRouter } from './routers/notifications.ts';
import { organizationsRouter } from './routers/organizations.ts';
import { reportsRouter } from './routers/reports.ts';
import { settingsRouter } from './routers/settings.ts';
import { teamsRouter } from './routers/teams.ts';
import { ticketsRouter } from './routers/tickets.ts';
import { twoFactorRouter } from './routers/two-factor.ts';
import { usersRouter } from './routers/users.ts';
import { viewsRouter } from './routers/views.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  auth: authRouter,
  account: accountRouter,
  twoFactor: twoFactorRouter,
  apiTokens: apiTokensRouter,
  tickets: ticketsRouter,
  reports: reportsRouter,
  categories: categoriesRouter,
  customFields: customFieldsRouter,
  settings: settingsRouter,
  audit: auditRouter,
  teams: teamsRouter,
  organizations: organizationsRouter,
  customers: customersRouter,
  users: usersRouter,
  cannedResponses: cannedResponsesRouter,
  views: viewsRouter,
  notifications: notificationsRouter,
  live: liveRouter,
});

export type AppRouter = typeof appRouter;
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;

export const createCaller = createCallerFactory(appRouter);
