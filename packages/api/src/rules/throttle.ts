import { hashSecret } from '@helpdesk/auth';
import type { Context } from '../context.ts';
import { DomainError } from '../errors.ts';

const MINUTE = 60_000;

/**
 * Limits on anything that guesses. Counted before the work, atomically, in the shared store
 * (Redis or the database), so 50 attempts in parallel or in one tRPC batch are counted exactly
 * like 50 in a row, and every instance sees the same counts. Unknown addresses are counted like
 * known ones: the answer never tells whether an account exists.
 */
export const LIMITS = {
  signInPerAccount: { limit: 10, windowMs: 15 * MINUTE },
  signInPerIp: { limit: 50, windowMs: 15 * MINUTE },
  passwordResetPerAccount: { limit: 3, windowMs: 60 * MINUTE },
  passwordResetPerIp: { limit: 20, windowMs: 60 * MINUTE },
  signUpPerIp: { limit: 20, windowMs: 60 * MINUTE },
} as const;

type LimitName = keyof typeof LIMITS;

async function enforce(ctx: Context, checks: [LimitName, string][], what: string) {
  const now = ctx.now();
  const results = await Promise.all(
    checks.map(([name, key]) =>
      ctx.config.rateLimiter.hit(`${name}:${key}`, LIMITS[name].limit, LIMITS[name].windowMs, now),
    ),
  );
  const refused = results.filter((result) => !result.allowed);
  if (refused.length) {
    const retryAt = Math.max(...refused.map((result) => result.resetAt.getTime()));
    const minutes = Math.max(1, Math.ceil((retryAt - now.getTime()) / MINUTE));
    throw new DomainError(
      'TOO_MANY_REQUESTS',
      `Too many ${what}; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`,
    );
  }
}

/** Addresses are hashed in counter keys: the store needs no personal data. */
const accountKey = (email: string) => hashSecret(email.toLowerCase());
const ipKey = (ctx: Context) => ctx.request.ip ?? 'unknown';

export function throttleSignIn(ctx: Context, email: string) {
  return enforce(
    ctx,
    [
      ['signInPerIp', ipKey(ctx)],
      ['signInPerAccount', accountKey(email)],
    ],
    'sign-in attempts',
  );
}

export function throttlePasswordReset(ctx: Context, email: string) {
  return enforce(
    ctx,
    [
      ['passwordResetPerIp', ipKey(ctx)],
      ['passwordResetPerAccount', accountKey(email)],
    ],
    'password reset requests',
  );
}

export function throttleSignUp(ctx: Context) {
  return enforce(ctx, [['signUpPerIp', ipKey(ctx)]], 'sign-ups');
}
