import { createSavedViewInput, savedViewIdInput, updateSavedViewInput } from '@helpdesk/validators';
import { createView, deleteView, listViews, updateView, viewCounts } from '../rules/views.ts';
import { agentProcedure, router, syncInput } from '../trpc.ts';

export const viewsRouter = router({
  /** Built-in views, then mine, then shared ones, each with a live count of matching tickets. */
  list: agentProcedure.query(({ ctx }) => listViews(ctx.em, ctx.actor)),

  /** Just `{ id, count }` of every view, for polling. */
  counts: agentProcedure.query(({ ctx }) => viewCounts(ctx.em, ctx.actor)),

  /** Filters as `tickets.list` takes them; `shared: true` shows it to every agent. */
  create: agentProcedure
    .input(syncInput(createSavedViewInput))
    .mutation(({ ctx, input }) => createView(ctx.em, ctx.actor, input, ctx.now())),

  /** By its owner, or by an admin for a shared view. */
  update: agentProcedure
    .input(syncInput(updateSavedViewInput))
    .mutation(({ ctx, input }) => updateView(ctx.em, ctx.actor, input, ctx.now())),

  /** By its owner, or by an admin for a shared view. */
  delete: agentProcedure
    .input(syncInput(savedViewIdInput))
    .mutation(({ ctx, input }) => deleteView(ctx.em, ctx.actor, input.id)),
});
