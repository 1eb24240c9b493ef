import {
  applyCannedResponseInput,
  cannedResponseIdInput,
  createCannedResponseInput,
  previewCannedResponseInput,
  updateCannedResponseInput,
} from '@helpdesk/validators';
import {
  applyCannedResponse,
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  previewCannedResponse,
  updateCannedResponse,
} from '../rules/canned-responses.ts';
import { agentProcedure, router, syncInput } from '../trpc.ts';

export const cannedResponsesRouter = router({
  /** Mine and the shared ones, by title. */
  list: agentProcedure.query(({ ctx }) => listCannedResponses(ctx.em, ctx.actor)),

  /** `shared: true` is for admins. */
  create: agentProcedure
    .input(syncInput(createCannedResponseInput))
    .mutation(({ ctx, input }) => createCannedResponse(ctx.em, ctx.actor, input, ctx.now())),

  /** Personal ones by their owner; shared ones by admins. */
  update: agentProcedure
    .input(syncInput(updateCannedResponseInput))
    .mutation(({ ctx, input }) => updateCannedResponse(ctx.em, ctx.actor, input, ctx.now())),

  /** By its owner, or by an admin for a shared one. */
  delete: agentProcedure
    .input(syncInput(cannedResponseIdInput))
    .mutation(({ ctx, input }) => deleteCannedResponse(ctx.em, ctx.actor, input.id, ctx.now())),

  /** The body with its placeholders filled in for a ticket. */
  preview: agentProcedure
    .input(syncInput(previewCannedResponseInput))
    .query(({ ctx, input }) => previewCannedResponse(ctx.em, ctx.actor, input)),

  /**
   * Posts it to a ticket (reply or internal note) and applies its status, priority and tags, all or
   * nothing. Not called `apply`: tRPC reserves that name (and `call`, `then`) for its client proxy.
   */
  applyToTicket: agentProcedure
    .input(syncInput(applyCannedResponseInput))
    .mutation(({ ctx, input }) => applyCannedResponse(ctx.em, ctx.actor, input, ctx.now())),
});
