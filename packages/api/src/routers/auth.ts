import { invalidateSession } from '@helpdesk/auth';
import { signInInput, signUpInput } from '@helpdesk/validators';
import { type Me, toMe } from '../mappers/users.ts';
import { startSession } from '../rules/sessions.ts';
import { authenticate, signUp } from '../rules/users.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

export const authRouter = router({
  /** Creates a customer account and signs it in. */
  signUp: publicProcedure.input(signUpInput).mutation(async ({ ctx, input }) => {
    const user = await signUp(ctx.em, input);
    return startSession(ctx, user);
  }),

  signIn: publicProcedure.input(signInInput).mutation(async ({ ctx, input }) => {
    const user = await authenticate(ctx.em, input);
    return startSession(ctx, user);
  }),

  /** Ends this session: the token stops working at once, wherever it was copied to. */
  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await invalidateSession(ctx.em, ctx.session.id);
    ctx.cookies.clear();
    return { signedOut: true as const };
  }),

  /** The signed-in user, or null when signed out (front-ends ask this first). */
  me: publicProcedure.query(({ ctx }): Me | null => (ctx.actor ? toMe(ctx.actor) : null)),
});
