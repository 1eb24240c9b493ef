import { hashPassword, invalidateUserSessions } from '@helpdesk/auth';
import { type EntityManager, User } from '@helpdesk/db';
import type { Actor } from '../context.ts';
import { InvalidInputError } from '../errors.ts';
import { deskLink, queueMail } from '../services/mail-queue.ts';
import { consumeOneTimeToken, issueOneTimeToken, revokeOneTimeTokens } from './one-time-tokens.ts';

const HOUR = 3_600_000;
export const RESET_TOKEN_TTL_MS = HOUR;
export const VERIFY_TOKEN_TTL_MS = 48 * HOUR;
export const INVITE_TOKEN_TTL_MS = 7 * 24 * HOUR;

/**
 * A mailed link: the token rides in the fragment, which browsers never send to servers or in a
 * Referer, and the address is the configured public URL (filled in by the mailer), never a
 * request's Host header.
 */
export function link(path: string, token: string): string {
  return deskLink(`${path}#token=${token}`);
}

const INVALID_LINK = 'This link is invalid or has expired; ask for a new one';

/** Mails a verification link for the user's current address. */
export async function sendEmailVerification(tx: EntityManager, user: User, now: Date) {
  const token = await issueOneTimeToken(tx, user, 'verify_email', VERIFY_TOKEN_TTL_MS, now, {
    email: user.email,
  });
  queueMail(
    tx,
    {
      to: user.email,
      subject: 'Confirm your email address',
      text: `Hello ${user.name},\n\nConfirm your address for Helpdesk:\n${link('verify-email', token)}\n\nThe link works for 48 hours.`,
      kind: 'verify_email',
    },
    now,
  );
}

export async function resendEmailVerification(em: EntityManager, actor: Actor, now: Date) {
  return em.transactional(async (tx) => {
    const user = await tx.findOneOrFail(User, actor.id);
    if (!user.emailVerifiedAt) await sendEmailVerification(tx, user, now);
    return { sent: !user.emailVerifiedAt };
  });
}

export async function verifyEmail(em: EntityManager, token: string, now: Date) {
  return em.transactional(async (tx) => {
    const used = await consumeOneTimeToken(tx, token, 'verify_email', now);
    // A link for an address the account no longer has proves nothing.
    if (!used || used.token.data.email !== used.user.email)
      throw new InvalidInputError('token', INVALID_LINK);
    used.user.emailVerifiedAt ??= now;
    return { verified: true as const };
  });
}

/**
 * Starts a reset. The answer is the same whether or not the address has an account (no
 * enumeration); only an active account with a password-capable login gets a mail. A newer
 * request makes the older link stop working.
 */
export async function requestPasswordReset(em: EntityManager, email: string, now: Date) {
  await em.transactional(async (tx) => {
    const user = await tx.findOne(User, { email, active: true, deletedAt: null });
    if (!user) return;
    const token = await issueOneTimeToken(tx, user, 'reset_password', RESET_TOKEN_TTL_MS, now);
    queueMail(
      tx,
      {
        to: user.email,
        subject: 'Reset your Helpdesk password',
        text: `Hello ${user.name},\n\nSomeone (hopefully you) asked to reset your password. Choose a new one here:\n${link('reset-password', token)}\n\nThe link works once, for one hour. If you did not ask, ignore this mail: your password stays as it is.`,
        kind: 'password_reset',
      },
      now,
    );
  });
  return { requested: true as const };
}

/**
 * Sets a new password from a reset link: once, within the hour. Every session and every other
 * outstanding link of the account end; the user then signs in with the new password (no
 * automatic sign-in, so a leaked link does not hand over a session).
 */
export async function resetPassword(em: EntityManager, token: string, password: string, now: Date) {
  const passwordHash = await hashPassword(password);
  return em.transactional(async (tx) => {
    const used = await consumeOneTimeToken(tx, token, 'reset_password', now);
    if (!used) throw new InvalidInputError('token', INVALID_LINK);
    used.user.passwordHash = passwordHash;
    // Receiving the mail proved the address.
    used.user.emailVerifiedAt ??= now;
    await revokeOneTimeTokens(tx, used.user.id, ['reset_password', 'two_factor']);
    await invalidateUserSessions(tx, used.user.id);
    queueMail(
      tx,
      {
        to: used.user.email,
        subject: 'Your Helpdesk password was changed',
        text: `Hello ${used.user.name},\n\nYour password was just reset. If this was not you, reset it again and tell your administrator.`,
        kind: 'password_changed',
      },
      now,
    );
    return { reset: true as const };
  });
}

/** An invited agent chooses a password; the invitation mail proved the address. */
export async function acceptInvite(em: EntityManager, token: string, password: string, now: Date) {
  const passwordHash = await hashPassword(password);
  return em.transactional(async (tx) => {
    const used = await consumeOneTimeToken(tx, token, 'invite', now);
    if (!used) throw new InvalidInputError('token', INVALID_LINK);
    used.user.passwordHash = passwordHash;
    used.user.emailVerifiedAt ??= now;
    return { accepted: true as const, email: used.user.email };
  });
}
