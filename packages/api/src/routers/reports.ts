import { reportsOverviewInput } from '@helpdesk/validators';
import { reportsOverview } from '../rules/reports.ts';
import { agentProcedure, router, syncInput } from '../trpc.ts';

export const reportsRouter = router({
  /** Tickets in and out per UTC day, the current backlog, median first-response and resolution times. */
  overview: agentProcedure
    .input(syncInput(reportsOverviewInput))
    .query(({ ctx, input }) => reportsOverview(ctx.em, input)),
});
