import { invalidateSession } from '@helpdesk/auth';
import { signInInput, signUpInput } from '@helpdesk/validators';
import { type Me, toMe } from '../mappers/users.ts';
import { startSession } from '../rules/sessions.ts';
import { throttleSignIn, throttleSignUp } from '../rules/throttle.ts';
import { beginSignIn } from '../rules/two-factor.ts';
import { authenticate, signUp } from '../rules/users.ts';
import { publicProcedure, router, sessionProcedure, syncInput } from '../trpc.ts';

export const authRouter = router({
  /** Creates a customer account and signs it in. */
  signUp: publicProcedure.input(syncInput(signUpInput)).mutation(async ({ ctx, input }) => {
    await throttleSignUp(ctx);
    const user = await signUp(ctx.em, input, ctx.now());
    return startSession(ctx, user);
  }),

  /** Throttled per account and per address before any password is checked. */
  signIn: publicProcedure.input(syncInput(signInInput)).mutation(async ({ ctx, input }) => {
    await throttleSignIn(ctx, input.email);
    const user = await authenticate(ctx.em, input).catch((error: unknown) => {
      // The address tried is logged; the password never is.
      ctx.log.warn({ event: 'auth.sign_in_failed', email: input.email }, 'sign-in failed');
      throw error;
    });
    return beginSignIn(ctx, user);
  }),

  /** Ends this session: the token stops working at once, wherever it was copied to. */
  signOut: sessionProcedure.mutation(async ({ ctx }) => {
    await invalidateSession(ctx.em, ctx.session.id);
    ctx.cookies.clear();
    ctx.log.info({ event: 'auth.signed_out', userId: ctx.actor.id }, 'signed out');
    return { signedOut: true as const };
  }),

  /** The signed-in user, or null when signed out (front-ends ask this first). */
  me: publicProcedure.query(({ ctx }): Me | null => (ctx.actor ? toMe(ctx.actor) : null)),
});
