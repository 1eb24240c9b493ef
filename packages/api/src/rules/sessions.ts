import { createSession, invalidateSession } from '@helpdesk/auth';
import type { User } from '@helpdesk/db';
import type { Context } from '../context.ts';
import { type Me, toMe } from '../mappers/users.ts';

export interface SignedIn {
  user: Me;
  /** When the session ends if unused (it slides forward with use, up to its absolute limit). */
  expiresAt: string;
}

/**
 * Starts a session for a user who has just proven who they are: always a fresh token (the one the
 * request came with, if any, is ended), carried only in the HttpOnly cookie.
 */
export async function startSession(ctx: Context, user: User): Promise<SignedIn> {
  if (ctx.session) await invalidateSession(ctx.em, ctx.session.id);
  const { token, expiresAt } = await createSession(
    ctx.em,
    user,
    ctx.config.session,
    { ip: ctx.request.ip, userAgent: ctx.request.userAgent },
    ctx.now(),
  );
  ctx.cookies.set(token, expiresAt);
  ctx.log.info({ event: 'auth.signed_in', userId: user.id, role: user.role }, 'signed in');
  return { user: toMe(user), expiresAt: expiresAt.toISOString() };
}
