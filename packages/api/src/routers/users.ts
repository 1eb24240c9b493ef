import {
  changeRoleInput,
  deleteUserInput,
  inviteUserInput,
  listUsersInput,
  setUserActiveInput,
} from '@helpdesk/validators';
import { listAgents } from '../rules/teams.ts';
import { changeRole, deleteUser, inviteUser, listUsers, setUserActive } from '../rules/user-admin.ts';
import { adminProcedure, agentProcedure, router, syncInput } from '../trpc.ts';

export const usersRouter = router({
  /** Active agents and admins with their teams, by name: who a ticket can be assigned to. */
  agents: agentProcedure.query(({ ctx }) => listAgents(ctx.em)),

  /** Every account (admins). */
  list: adminProcedure.input(syncInput(listUsersInput)).query(({ ctx, input }) => listUsers(ctx.em, input)),

  /** Invites an agent or admin by email; they choose their password from the mailed link. */
  invite: adminProcedure
    .input(syncInput(inviteUserInput))
    .mutation(({ ctx, input }) => inviteUser(ctx.em, ctx.actor, input, ctx.now())),

  /** Ends the user's sessions at once. */
  changeRole: adminProcedure.input(syncInput(changeRoleInput)).mutation(async ({ ctx, input }) => {
    const user = await changeRole(ctx.em, ctx.actor, input, ctx.now());
    ctx.log.warn(
      { event: 'user.role_changed', userId: ctx.actor.id, targetId: user.id, role: user.role },
      'role changed',
    );
    return user;
  }),

  /** Deactivating ends sessions, links and API tokens at once. */
  setActive: adminProcedure.input(syncInput(setUserActiveInput)).mutation(async ({ ctx, input }) => {
    const user = await setUserActive(ctx.em, ctx.actor, input, ctx.now());
    ctx.log.warn(
      { event: 'user.active_changed', userId: ctx.actor.id, targetId: user.id, active: user.active },
      'account (de)activated',
    );
    return user;
  }),

  /** Keeps the account's history; it can never sign in again. */
  delete: adminProcedure
    .input(syncInput(deleteUserInput))
    .mutation(({ ctx, input }) => deleteUser(ctx.em, ctx.actor, input, ctx.now())),
});
