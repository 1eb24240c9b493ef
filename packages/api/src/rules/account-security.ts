import {
  hashPassword,
  invalidateSession,
  type SessionPolicy,
  sessionExpiresAt,
  verifyPassword,
} from '@helpdesk/auth';
import { type EntityManager, Session, User } from '@helpdesk/db';
import type { Actor } from '../context.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { type Me, toMe } from '../mappers/users.ts';
import { queueMail } from '../services/mail-queue.ts';
import { link } from './account-recovery.ts';
import { consumeOneTimeToken, issueOneTimeToken } from './one-time-tokens.ts';

const WRONG_PASSWORD = 'The current password is not right';

async function checkPassword(user: User, password: string, field: string) {
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, password))) {
    throw new InvalidInputError(field, WRONG_PASSWORD);
  }
}

/** Changes my display name (what agents and customers see next to my messages). */
export async function updateProfile(
  em: EntityManager,
  actor: Actor,
  input: { name: string },
  now: Date,
): Promise<Me> {
  const user = await em.findOneOrFail(User, actor.id);
  user.name = input.name;
  user.updatedAt = now;
  await em.flush();
  return toMe(user);
}

/**
 * Changing a password needs the current one (ASVS 6.2.3). Other sessions end by default (someone
 * may know the old password); this one stays.
 */
export async function changePassword(
  em: EntityManager,
  actor: Actor,
  currentSessionId: string | null,
  input: { currentPassword: string; newPassword: string; signOutOtherSessions: boolean },
  now: Date,
) {
  const user = await em.findOneOrFail(User, actor.id);
  await checkPassword(user, input.currentPassword, 'currentPassword');
  const passwordHash = await hashPassword(input.newPassword);
  return em.transactional(async (tx) => {
    await tx.nativeUpdate(User, { id: actor.id }, { passwordHash, updatedAt: now });
    let ended = 0;
    if (input.signOutOtherSessions) {
      ended = await tx.nativeDelete(
        Session,
        currentSessionId ? { user: actor.id, id: { $ne: currentSessionId } } : { user: actor.id },
      );
    }
    queueMail(
      tx,
      {
        to: user.email,
        subject: 'Your Helpdesk password was changed',
        text: `Hello ${user.name},\n\nYour password was just changed. If this was not you, reset it now and tell your administrator.`,
        kind: 'password_changed',
      },
      now,
    );
    return { changed: true as const, otherSessionsEnded: ended };
  });
}

/**
 * Changing the address needs the password again, and the new address must prove itself: a link
 * goes to it, and a notice to the old one, before anything changes.
 */
export async function requestEmailChange(
  em: EntityManager,
  actor: Actor,
  input: { password: string; newEmail: string },
  now: Date,
) {
  const user = await em.findOneOrFail(User, actor.id);
  await checkPassword(user, input.password, 'password');
  if (input.newEmail === user.email) throw new InvalidInputError('newEmail', 'That is already your address');
  if (await em.count(User, { email: input.newEmail })) {
    throw new ConflictError('An account with this email address already exists');
  }
  return em.transactional(async (tx) => {
    const token = await issueOneTimeToken(tx, user, 'change_email', 24 * 3_600_000, now, {
      email: input.newEmail,
    });
    queueMail(
      tx,
      {
        to: input.newEmail,
        subject: 'Confirm your new Helpdesk address',
        text: `Hello ${user.name},\n\nConfirm this address for your Helpdesk account:\n${link('confirm-email', token)}\n\nThe link works for 24 hours.`,
        kind: 'email_change_confirm',
      },
      now,
    );
    queueMail(
      tx,
      {
        to: user.email,
        subject: 'Your Helpdesk address is about to change',
        text: `Hello ${user.name},\n\nSomeone signed in as you asked to move your account to another address. Nothing changes until that address confirms. If this was not you, change your password now.`,
        kind: 'email_change_notice',
      },
      now,
    );
    return { requested: true as const };
  });
}

export async function confirmEmailChange(em: EntityManager, token: string, now: Date) {
  return em.transactional(async (tx) => {
    const used = await consumeOneTimeToken(tx, token, 'change_email', now);
    if (!used) throw new InvalidInputError('token', 'This link is invalid or has expired; ask for a new one');
    const newEmail = String(used.token.data.email ?? '');
    if (await tx.count(User, { email: newEmail }))
      throw new ConflictError('An account with this email address already exists');
    const oldEmail = used.user.email;
    used.user.email = newEmail;
    used.user.emailVerifiedAt = now;
    queueMail(
      tx,
      {
        to: oldEmail,
        subject: 'Your Helpdesk address was changed',
        text: `Hello ${used.user.name},\n\nYour account now uses another address. If this was not you, tell your administrator.`,
        kind: 'email_changed',
      },
      now,
    );
    return { email: newEmail };
  });
}

export interface SessionView {
  id: string;
  current: boolean;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastActiveAt: string;
  expiresAt: string;
}

/** My sessions, most recently used first, with the device and address they were used from. */
export async function listMySessions(
  em: EntityManager,
  actor: Actor,
  currentSessionId: string | null,
  policy: SessionPolicy,
): Promise<SessionView[]> {
  const sessions = await em.find(
    Session,
    { user: actor.id },
    { orderBy: { lastActiveAt: 'desc', id: 'asc' } },
  );
  return sessions.map((session) => ({
    id: session.id,
    current: session.id === currentSessionId,
    userAgent: session.userAgent ?? null,
    ip: session.ip ?? null,
    createdAt: session.createdAt.toISOString(),
    lastActiveAt: session.lastActiveAt.toISOString(),
    expiresAt: sessionExpiresAt(session, policy).toISOString(),
  }));
}

export async function revokeMySession(em: EntityManager, actor: Actor, sessionId: string) {
  const session = await em.findOne(Session, { id: sessionId, user: actor.id });
  if (!session) throw new NotFoundError('Session');
  await invalidateSession(em, session.id);
  return { revoked: true as const };
}

export async function revokeMyOtherSessions(
  em: EntityManager,
  actor: Actor,
  currentSessionId: string | null,
) {
  const ended = await em.nativeDelete(
    Session,
    currentSessionId ? { user: actor.id, id: { $ne: currentSessionId } } : { user: actor.id },
  );
  return { revoked: ended };
}
