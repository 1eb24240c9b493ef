import {
  completeTwoFactorSignInInput,
  disableTwoFactorInput,
  enableTwoFactorInput,
  regenerateRecoveryCodesInput,
} from '@helpdesk/validators';
import {
  completeSignIn,
  disableTwoFactor,
  enableTwoFactor,
  regenerateRecoveryCodes,
  setupTwoFactor,
  twoFactorStatus,
} from '../rules/two-factor.ts';
import { authedProcedure, publicProcedure, router, sessionProcedure, syncInput } from '../trpc.ts';

/** Changing sign-in factors needs someone who signed in, never an API token. */
const factorChange = sessionProcedure;

/** Two-factor sign-in with an authenticator app (TOTP, RFC 6238) and single-use recovery codes. */
export const twoFactorRouter = router({
  status: authedProcedure.query(({ ctx }) => twoFactorStatus(ctx, ctx.actor)),
  /** A new pending secret and its otpauth address (for a QR code); nothing changes until `enable`. */
  setup: factorChange.mutation(({ ctx }) => setupTwoFactor(ctx, ctx.actor)),
  /** A code of the pending secret turns it on; answers ten recovery codes, shown once. */
  enable: factorChange
    .input(syncInput(enableTwoFactorInput))
    .mutation(({ ctx, input }) => enableTwoFactor(ctx, ctx.actor, input)),
  disable: factorChange
    .input(syncInput(disableTwoFactorInput))
    .mutation(({ ctx, input }) => disableTwoFactor(ctx, ctx.actor, input)),
  regenerateRecoveryCodes: factorChange
    .input(syncInput(regenerateRecoveryCodesInput))
    .mutation(({ ctx, input }) => regenerateRecoveryCodes(ctx, ctx.actor, input)),
  /** The second step of `auth.signIn` when it answered `twoFactorRequired: true`. */
  completeSignIn: publicProcedure
    .input(syncInput(completeTwoFactorSignInInput))
    .mutation(({ ctx, input }) => completeSignIn(ctx, input)),
});
