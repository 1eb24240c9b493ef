import { createTeamInput, teamMemberInput, updateTeamInput } from '@helpdesk/validators';
import {
  addTeamMember,
  createTeam,
  listTeams,
  myTeams,
  removeTeamMember,
  updateTeam,
} from '../rules/teams.ts';
import { adminProcedure, agentProcedure, router, syncInput } from '../trpc.ts';

export const teamsRouter = router({
  /** Every team with its members, by name. */
  list: agentProcedure.query(({ ctx }) => listTeams(ctx.em)),

  /** The teams I belong to. */
  mine: agentProcedure.query(({ ctx }) => myTeams(ctx.em, ctx.actor)),

  create: adminProcedure
    .input(syncInput(createTeamInput))
    .mutation(({ ctx, input }) => createTeam(ctx.em, ctx.actor, input, ctx.now())),

  update: adminProcedure
    .input(syncInput(updateTeamInput))
    .mutation(({ ctx, input }) => updateTeam(ctx.em, ctx.actor, input, ctx.now())),

  /** Active agents and admins only; adding a member twice changes nothing. */
  addMember: adminProcedure
    .input(syncInput(teamMemberInput))
    .mutation(({ ctx, input }) => addTeamMember(ctx.em, ctx.actor, input, ctx.now())),

  /** Removing someone who is not a member changes nothing. */
  removeMember: adminProcedure
    .input(syncInput(teamMemberInput))
    .mutation(({ ctx, input }) => removeTeamMember(ctx.em, ctx.actor, input, ctx.now())),
});
