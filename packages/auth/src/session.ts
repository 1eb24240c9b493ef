import { type EntityManager, Session, type User } from '@helpdesk/db';
import { hashSecret, newToken, secretMatches, splitToken } from './tokens.ts';

export interface SessionPolicy {
  /** A session unused for this long ends (sliding expiry). */
  idleTimeoutMs: number;
  /** A session ends this long after sign-in, however busy (re-authentication, ASVS 3.3.2). */
  absoluteTimeoutMs: number;
  /** `lastActiveAt` is written at most this often, so validation is usually a single read. */
  touchIntervalMs: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  idleTimeoutMs: 30 * 60_000,
  absoluteTimeoutMs: 12 * 60 * 60_000,
  touchIntervalMs: 60_000,
};

export interface SessionMeta {
  userAgent?: string | null;
  ip?: string | null;
}

export interface ValidSession {
  session: Session;
  user: User;
  expiresAt: Date;
  /** The idle deadline moved: a cookie carrying the token should be re-sent with the new expiry. */
  refreshed: boolean;
}

/** When the session ends if it is not used again: the idle deadline, capped by the absolute one. */
export function sessionExpiresAt(session: Session, policy: SessionPolicy): Date {
  return new Date(
    Math.min(
      session.lastActiveAt.getTime() + policy.idleTimeoutMs,
      session.createdAt.getTime() + policy.absoluteTimeoutMs,
    ),
  );
}

/** A fresh token at every sign-in; only the secret's hash is stored. Flushes. */
export async function createSession(
  em: EntityManager,
  user: User,
  policy: SessionPolicy,
  meta: SessionMeta = {},
  now = new Date(),
): Promise<{ token: string; session: Session; expiresAt: Date }> {
  const { id, secret, token } = newToken();
  const session = em.create(Session, {
    id,
    secretHash: hashSecret(secret),
    user,
    createdAt: now,
    lastActiveAt: now,
    userAgent: meta.userAgent?.slice(0, 255) ?? null,
    ip: meta.ip?.slice(0, 64) ?? null,
  });
  await em.flush();
  return { token, session, expiresAt: sessionExpiresAt(session, policy) };
}

/**
 * Lucia's validation: find by id, check the deadlines, compare the secret's hash in constant time,
 * then slide the idle deadline forward. Answers null for anything that is not a live session of an
 * active user; expired sessions are deleted on sight.
 */
export async function validateSessionToken(
  em: EntityManager,
  token: string,
  policy: SessionPolicy,
  now = new Date(),
): Promise<ValidSession | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const session = await em.findOne(Session, { id: parts.id }, { populate: ['user', 'user.organization'] });
  if (!session) return null;
  if (!secretMatches(parts.secret, session.secretHash)) return null;
  const user = session.user;
  if (now.getTime() >= sessionExpiresAt(session, policy).getTime() || !user.active) {
    await em.nativeDelete(Session, { id: session.id });
    return null;
  }
  const refreshed = now.getTime() - session.lastActiveAt.getTime() >= policy.touchIntervalMs;
  if (refreshed) {
    // A targeted update: no read-modify-write race with other requests of the same session.
    await em.nativeUpdate(Session, { id: session.id }, { lastActiveAt: now });
    session.lastActiveAt = now;
  }
  return { session, user, expiresAt: sessionExpiresAt(session, policy), refreshed };
}

export async function invalidateSession(em: EntityManager, sessionId: string): Promise<void> {
  await em.nativeDelete(Session, { id: sessionId });
}

export async function invalidateUserSessions(em: EntityManager, userId: string): Promise<void> {
  await em.nativeDelete(Session, { user: userId });
}
