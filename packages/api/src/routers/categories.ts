import { createCategoryInput, updateCategoryInput } from '@helpdesk/validators';
import { createCategory, listCategories, updateCategory } from '../rules/categories.ts';
import { adminProcedure, authedProcedure, router, syncInput } from '../trpc.ts';

/** No delete: deactivating keeps the category on its tickets and off new ones. */
export const categoriesRouter = router({
  /** Customers see the active categories, agents all of them; ordered by name. */
  list: authedProcedure.query(({ ctx }) => listCategories(ctx.em, ctx.actor)),

  create: adminProcedure
    .input(syncInput(createCategoryInput))
    .mutation(({ ctx, input }) => createCategory(ctx.em, ctx.actor, input, ctx.now())),

  /** Renames, describes, deactivates or reactivates. */
  update: adminProcedure
    .input(syncInput(updateCategoryInput))
    .mutation(({ ctx, input }) => updateCategory(ctx.em, ctx.actor, input, ctx.now())),
});
