import { createCustomFieldInput, listCustomFieldsInput, updateCustomFieldInput } from '@helpdesk/validators';
import { createCustomField, listCustomFields, updateCustomField } from '../rules/custom-field-definitions.ts';
import { adminProcedure, agentProcedure, router, syncInput } from '../trpc.ts';

/** Definitions of admin-defined ticket fields; ticket values are checked against them. */
export const customFieldsRouter = router({
  /** Every definition, or with `categoryId` the active fields a ticket of that category has. */
  list: agentProcedure
    .input(syncInput(listCustomFieldsInput))
    .query(({ ctx, input }) => listCustomFields(ctx.em, input)),

  create: adminProcedure
    .input(syncInput(createCustomFieldInput))
    .mutation(({ ctx, input }) => createCustomField(ctx.em, ctx.actor, input, ctx.now())),

  /** Label, required, options, active, position; the key and the type never change. */
  update: adminProcedure
    .input(syncInput(updateCustomFieldInput))
    .mutation(({ ctx, input }) => updateCustomField(ctx.em, ctx.actor, input, ctx.now())),
});
