import {
  acceptInviteInput,
  changePasswordInput,
  confirmEmailChangeInput,
  requestEmailChangeInput,
  requestPasswordResetInput,
  resetPasswordInput,
  revokeSessionInput,
  updateProfileInput,
  verifyEmailInput,
} from '@helpdesk/validators';
import {
  acceptInvite,
  requestPasswordReset,
  resendEmailVerification,
  resetPassword,
  verifyEmail,
} from '../rules/account-recovery.ts';
import {
  changePassword,
  confirmEmailChange,
  listMySessions,
  requestEmailChange,
  revokeMyOtherSessions,
  revokeMySession,
  updateProfile,
} from '../rules/account-security.ts';
import { throttlePasswordReset } from '../rules/throttle.ts';
import { publicProcedure, router, sessionProcedure, syncInput } from '../trpc.ts';

/**
 * My own account: recovery by mail, credentials, and the sessions signed in as me. Credentials are
 * managed from a signed-in session only, never with an API token.
 */
export const accountRouter = router({
  /** Always answers the same, whether or not the address has an account. */
  requestPasswordReset: publicProcedure
    .input(syncInput(requestPasswordResetInput))
    .mutation(async ({ ctx, input }) => {
      await throttlePasswordReset(ctx, input.email);
      return requestPasswordReset(ctx.em, input.email, ctx.now());
    }),
  resetPassword: publicProcedure
    .input(syncInput(resetPasswordInput))
    .mutation(({ ctx, input }) => resetPassword(ctx.em, input.token, input.password, ctx.now())),
  acceptInvite: publicProcedure
    .input(syncInput(acceptInviteInput))
    .mutation(({ ctx, input }) => acceptInvite(ctx.em, input.token, input.password, ctx.now())),
  verifyEmail: publicProcedure
    .input(syncInput(verifyEmailInput))
    .mutation(({ ctx, input }) => verifyEmail(ctx.em, input.token, ctx.now())),
  resendVerification: sessionProcedure.mutation(({ ctx }) =>
    resendEmailVerification(ctx.em, ctx.actor, ctx.now()),
  ),
  changePassword: sessionProcedure
    .input(syncInput(changePasswordInput))
    .mutation(({ ctx, input }) => changePassword(ctx.em, ctx.actor, ctx.session.id, input, ctx.now())),
  requestEmailChange: sessionProcedure
    .input(syncInput(requestEmailChangeInput))
    .mutation(({ ctx, input }) => requestEmailChange(ctx.em, ctx.actor, input, ctx.now())),
  confirmEmailChange: publicProcedure
    .input(syncInput(confirmEmailChangeInput))
    .mutation(({ ctx, input }) => confirmEmailChange(ctx.em, input.token, ctx.now())),
  updateProfile: sessionProcedure
    .input(syncInput(updateProfileInput))
    .mutation(({ ctx, input }) => updateProfile(ctx.em, ctx.actor, input, ctx.now())),
  sessions: sessionProcedure.query(({ ctx }) =>
    listMySessions(ctx.em, ctx.actor, ctx.session.id, ctx.config.session),
  ),
  revokeSession: sessionProcedure
    .input(syncInput(revokeSessionInput))
    .mutation(({ ctx, input }) => revokeMySession(ctx.em, ctx.actor, input.id)),
  revokeOtherSessions: sessionProcedure.mutation(({ ctx }) =>
    revokeMyOtherSessions(ctx.em, ctx.actor, ctx.session.id),
  ),
});
