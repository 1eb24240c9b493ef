import { createSession, invalidateSession } from '@helpdesk/auth';
import type { User } from '@helpdesk/db';
import { signInInput, signUpInput } from '@helpdesk/validators';
import type { Context } from '../context.ts';
import { type Me, toMe } from '../mappers/users.ts';
import { authenticate, signUp } from '../rules/users.ts';
import { authedProcedure, publicProcedure, router } from '../trpc.ts';

export interface SignedIn {
  user: Me;
  /** When the session ends if unused (it slides forward with use, up to its absolute limit). */
  expiresAt: string;
}

/** A fresh session (and token) at every sign-in; the token travels only in the HttpOnly cookie. */
async function startSession(ctx: Context, user: User): Promise<SignedIn> {
  if (ctx.session) await invalidateSession(ctx.em, ctx.session.id);
  const { token, expiresAt } = await createSession(
    ctx.em,
    user,
    ctx.config.session,
    { ip: ctx.request.ip, userAgent: ctx.request.userAgent },
    ctx.now(),
  );
  ctx.cookies.set(token, expiresAt);
  return { user: toMe(user), expiresAt: expiresAt.toISOString() };
}

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
