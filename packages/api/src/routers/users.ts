import { listAgents } from '../rules/teams.ts';
import { agentProcedure, router } from '../trpc.ts';

export const usersRouter = router({
  /** Active agents and admins with their teams, by name: who a ticket can be assigned to. */
  agents: agentProcedure.query(({ ctx }) => listAgents(ctx.em)),
});
