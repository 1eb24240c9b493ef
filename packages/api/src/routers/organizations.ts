import {
  createOrganizationInput,
  organizationMemberInput,
  updateOrganizationInput,
} from '@helpdesk/validators';
import {
  addOrganizationMember,
  createOrganization,
  listOrganizations,
  removeOrganizationMember,
  updateOrganization,
} from '../rules/organizations.ts';
import { adminProcedure, agentProcedure, router, syncInput } from '../trpc.ts';

export const organizationsRouter = router({
  /** Every organization by name, with its number of members. */
  list: agentProcedure.query(({ ctx }) => listOrganizations(ctx.em)),

  create: adminProcedure
    .input(syncInput(createOrganizationInput))
    .mutation(({ ctx, input }) => createOrganization(ctx.em, ctx.actor, input, ctx.now())),

  /** With `sharedTickets`, members read (and reply to) each other's tickets. */
  update: adminProcedure
    .input(syncInput(updateOrganizationInput))
    .mutation(({ ctx, input }) => updateOrganization(ctx.em, ctx.actor, input, ctx.now())),

  /** Customers only; one organization each, so adding someone moves them here. */
  addMember: adminProcedure
    .input(syncInput(organizationMemberInput))
    .mutation(({ ctx, input }) => addOrganizationMember(ctx.em, ctx.actor, input, ctx.now())),

  removeMember: adminProcedure
    .input(syncInput(organizationMemberInput))
    .mutation(({ ctx, input }) => removeOrganizationMember(ctx.em, ctx.actor, input, ctx.now())),
});
