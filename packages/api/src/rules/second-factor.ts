import {
  generateSecureRandomString,
  hashSecret,
  matchTotpStep,
  secretMatches,
  totpStep,
  totpStepAcceptedUntil,
} from '@helpdesk/auth';
import { type EntityManager, RecoveryCode, User } from '@helpdesk/db';
import type { Context } from '../context.ts';
import { DomainError } from '../errors.ts';

/** A second factor as a form sends it: a code from the app, or one of the recovery codes. */
export type SecondFactor = { code: string } | { recoveryCode: string };

/** The input field a wrong factor is reported on. */
export const factorField = (factor: SecondFactor) => ('code' in factor ? 'code' : 'recoveryCode');

const RECOVERY_CODE_COUNT = 10;

/**
 * Codes tried per user, whatever the challenge or procedure: a new challenge (one password
 * sign-in away) must not buy five new guesses at a 6-digit code.
 */
const ATTEMPTS_PER_USER = { limit: 10, windowMs: 15 * 60_000 };

/**
 * Counts one try at a second factor for `user`, before it is checked, so guesses sent in parallel
 * or in one batch are counted exactly like guesses in a row. Call it outside any transaction.
 */
export async function countSecondFactorAttempt(ctx: Context, userId: string): Promise<void> {
  const now = ctx.now();
  const { allowed, resetAt } = await ctx.config.rateLimiter.hit(
    `two-factor:user:${userId}`,
    ATTEMPTS_PER_USER.limit,
    ATTEMPTS_PER_USER.windowMs,
    now,
  );
  if (allowed) return;
  const minutes = Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 60_000));
  throw new DomainError(
    'TOO_MANY_REQUESTS',
    `Too many two-factor codes tried; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
  );
}

/**
 * Marks the code of `step` as used until it expires. The claim is one atomic upsert in the shared
 * rate-limit store (a counter allowed once), so of two requests racing with the same code exactly
 * one wins, on every instance, and the row disappears by itself once the code is dead.
 */
async function claimStep(ctx: Context, userId: string, step: number, now: Date): Promise<boolean> {
  const windowMs = Math.max(1, totpStepAcceptedUntil(step).getTime() - now.getTime());
  const { allowed } = await ctx.config.rateLimiter.hit(`two-factor:step:${userId}:${step}`, 1, windowMs, now);
  return allowed;
}

/**
 * Checks a code from the authenticator app against `secret` (one step of drift either way) and
 * claims it, so it cannot be used a second time (RFC 6238 section 5.2). Accepting a step also
 * burns the older steps still inside the window: once a code is accepted, no earlier one is.
 * Answers false for a wrong, used or superseded code. Call it outside any transaction.
 */
export async function acceptTotpCode(
  ctx: Context,
  userId: string,
  secret: string,
  code: string,
): Promise<boolean> {
  const now = ctx.now();
  const step = matchTotpStep(secret, code, now);
  if (step === null) return false;
  const claimed = await claimStep(ctx, userId, step, now);
  for (let older = totpStep(now) - 1; older < step; older++) await claimStep(ctx, userId, older, now);
  return claimed;
}

/** `xxxx-xxxx-xxxx`: 60 bits from the CSPRNG, in an alphabet without look-alikes. */
function newRecoveryCode(): string {
  const raw = generateSecureRandomString().slice(0, 12);
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}

/**
 * Replaces the user's recovery codes with ten new ones; only their SHA-256 is stored. Answers the
 * codes, to be shown once. The caller flushes (inside its transaction).
 */
export async function replaceRecoveryCodes(tx: EntityManager, userId: string, now: Date): Promise<string[]> {
  await tx.nativeDelete(RecoveryCode, { user: userId });
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  for (const code of codes) {
    tx.create(RecoveryCode, {
      user: tx.getReference(User, userId),
      // Stored as typed back in: lower case, no dashes (the input schema normalises the same way).
      codeHash: hashSecret(code.replaceAll('-', '')),
      usedAt: null,
      createdAt: now,
    });
  }
  return codes;
}

/**
 * Uses up one recovery code (already normalised by the input schema). Each stored hash is compared
 * in constant time; the code is marked used by a conditional update, so two requests with the same
 * code cannot both succeed. Answers false for an unknown or used code.
 */
export async function useRecoveryCode(
  tx: EntityManager,
  userId: string,
  recoveryCode: string,
  now: Date,
): Promise<boolean> {
  const unused = await tx.find(RecoveryCode, { user: userId, usedAt: null });
  const match = unused.filter((row) => secretMatches(recoveryCode, row.codeHash))[0];
  if (!match) return false;
  return (await tx.nativeUpdate(RecoveryCode, { id: match.id, usedAt: null }, { usedAt: now })) === 1;
}

export function countRecoveryCodesLeft(em: EntityManager, userId: string): Promise<number> {
  return em.count(RecoveryCode, { user: userId, usedAt: null });
}

/**
 * Runs `work` in a transaction if `factor` is right for `user`: a code is checked (and claimed)
 * first, a recovery code is used up inside the transaction, so a failing `work` gives it back.
 * Answers `{ ok: false }` for a wrong factor. Count the attempt (`countSecondFactorAttempt`) first.
 */
export async function withSecondFactor<T>(
  ctx: Context,
  user: User,
  factor: SecondFactor,
  work: (tx: EntityManager) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false }> {
  if (!user.totpSecret || !user.totpEnabledAt) return { ok: false };
  if ('code' in factor) {
    if (!(await acceptTotpCode(ctx, user.id, user.totpSecret, factor.code))) return { ok: false };
    return { ok: true, value: await ctx.em.transactional(work) };
  }
  return ctx.em.transactional(async (tx) => {
    if (!(await useRecoveryCode(tx, user.id, factor.recoveryCode, ctx.now()))) return { ok: false as const };
    return { ok: true as const, value: await work(tx) };
  });
}
