import { createApiTokenInput, revokeApiTokenInput } from '@helpdesk/validators';
import { createApiToken, listApiTokens, revokeApiToken } from '../rules/api-tokens.ts';
import { router, scopedProcedure, sessionProcedure, syncInput } from '../trpc.ts';

/** Token management: a session, or a token with the admin scope (a leaked read or write token cannot). */
const tokenManagement = scopedProcedure('admin', 'manage API tokens');

/** My personal API tokens, for scripts (`Authorization: Bearer hd_...`). */
export const apiTokensRouter = router({
  /** Only from a signed-in session (a token never mints tokens); answers the token once. */
  create: sessionProcedure
    .input(syncInput(createApiTokenInput))
    .mutation(({ ctx, input }) => createApiToken(ctx.em, ctx.actor, input, ctx.now())),
  list: tokenManagement.query(({ ctx }) => listApiTokens(ctx.em, ctx.actor)),
  revoke: tokenManagement
    .input(syncInput(revokeApiTokenInput))
    .mutation(({ ctx, input }) => revokeApiToken(ctx.em, ctx.actor, input, ctx.now())),
});
