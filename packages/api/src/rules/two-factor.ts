import {
  generateSecureRandomString,
  generateTotpSecret,
  hashSecret,
  totpKeyUri,
  verifyAgainstDummy,
  verifyPassword,
} from '@helpdesk/auth';
import { OneTimeToken, RecoveryCode, User } from '@helpdesk/db';
import type {
  CompleteTwoFactorSignInInput,
  DisableTwoFactorInput,
  EnableTwoFactorInput,
  RegenerateRecoveryCodesInput,
} from '@helpdesk/validators';
import type { Actor, Context } from '../context.ts';
import { ConflictError, ForbiddenError, InvalidInputError, UnauthorizedError } from '../errors.ts';
import {
  acceptTotpCode,
  countRecoveryCodesLeft,
  countSecondFactorAttempt,
  factorField,
  replaceRecoveryCodes,
  withSecondFactor,
} from './second-factor.ts';
import { type SignedIn, startSession } from './sessions.ts';

const ISSUER = 'Helpdesk';
const CHALLENGE_LIFETIME_MS = 5 * 60_000;
const CHALLENGE_MAX_TRIES = 5;

const ALREADY_ON = 'Two-factor sign-in is already on; turn it off first to move to another device';
const NOT_ON = 'Two-factor sign-in is not on';
const WRONG_CODE = 'Wrong or already used code';
const CHALLENGE_GONE = 'This sign-in has expired or was already used; sign in again';
export const SET_UP_TWO_FACTOR =
  'This desk requires two-factor sign-in for staff: set it up first (twoFactor.setup, then twoFactor.enable)';

/** What `auth.signIn` answers: a session, or a challenge to complete with a second factor. */
export type SignInResult =
  | ({ twoFactorRequired: false } & SignedIn)
  | { twoFactorRequired: true; challenge: string };

export interface TwoFactorStatus {
  enabled: boolean;
  recoveryCodesLeft: number;
  /** The desk requires two-factor sign-in of this user (staff, when the setting is on). */
  required: boolean;
}

/**
 * The step after a correct password. Without two-factor sign-in: the session. With it: no session
 * yet, but a challenge (120 random bits, only its SHA-256 stored, five minutes, single use) that
 * `completeSignIn` exchanges for one. A newer challenge replaces the older one.
 */
export async function beginSignIn(ctx: Context, user: User): Promise<SignInResult> {
  if (!user.totpEnabledAt) return { twoFactorRequired: false, ...(await startSession(ctx, user)) };
  const challenge = generateSecureRandomString();
  const now = ctx.now();
  await ctx.em.transactional(async (tx) => {
    await tx.nativeDelete(OneTimeToken, { user: user.id, purpose: 'two_factor' });
    tx.create(OneTimeToken, {
      user: tx.getReference(User, user.id),
      purpose: 'two_factor',
      tokenHash: hashSecret(challenge),
      data: {},
      expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS),
      usedAt: null,
      createdAt: now,
    });
    await tx.flush();
  });
  return { twoFactorRequired: true, challenge };
}

/**
 * Exchanges a challenge and a right code (or an unused recovery code) for a session. Every try is
 * counted before it is checked; after five the challenge is void and the password is needed again.
 */
export async function completeSignIn(ctx: Context, input: CompleteTwoFactorSignInInput): Promise<SignedIn> {
  const now = ctx.now();
  const challenge = await ctx.em.findOne(
    OneTimeToken,
    { tokenHash: hashSecret(input.challenge), purpose: 'two_factor', usedAt: null, expiresAt: { $gt: now } },
    { populate: ['user', 'user.organization'] },
  );
  const user = challenge?.user;
  if (!challenge || !user?.active || user.deletedAt) throw new UnauthorizedError(CHALLENGE_GONE);
  const voidChallenge = () => ctx.em.nativeDelete(OneTimeToken, { id: challenge.id });
  const tries = await ctx.config.rateLimiter.hit(
    `two-factor:challenge:${challenge.id}`,
    CHALLENGE_MAX_TRIES,
    CHALLENGE_LIFETIME_MS,
    now,
  );
  if (!tries.allowed) {
    await voidChallenge();
    throw new UnauthorizedError(CHALLENGE_GONE);
  }
  await countSecondFactorAttempt(ctx, user.id);
  const result = await withSecondFactor(ctx, user, input, async (tx) => {
    // Single use: of two requests completing one challenge, only one gets a session.
    if ((await tx.nativeUpdate(OneTimeToken, { id: challenge.id, usedAt: null }, { usedAt: now })) !== 1)
      throw new UnauthorizedError(CHALLENGE_GONE);
    return startSession({ ...ctx, em: tx }, user);
  });
  if (result.ok) return result.value;
  if (tries.remaining === 0) await voidChallenge();
  throw new UnauthorizedError(WRONG_CODE);
}

/**
 * Starts setting up: a new secret (20 random bytes) kept pending in `User.totpSecret` while
 * `totpEnabledAt` is null, until `enableTwoFactor` proves the app has it. Answers the secret and
 * the otpauth address for a QR code, this once.
 */
export async function setupTwoFactor(ctx: Context, actor: Actor): Promise<{ secret: string; uri: string }> {
  const secret = generateTotpSecret();
  // Conditional, so a set-up racing an `enable` can never swap the secret of an enabled account.
  const pending = await ctx.em.nativeUpdate(
    User,
    { id: actor.id, totpEnabledAt: null },
    { totpSecret: secret },
  );
  if (pending !== 1) throw new ConflictError(ALREADY_ON);
  return { secret, uri: totpKeyUri(ISSUER, actor.email, secret) };
}

/** Turns two-factor sign-in on with a code of the pending secret; answers the recovery codes, once. */
export async function enableTwoFactor(
  ctx: Context,
  actor: Actor,
  input: EnableTwoFactorInput,
): Promise<{ recoveryCodes: string[] }> {
  const user = await ctx.em.findOneOrFail(User, actor.id);
  if (user.totpEnabledAt) throw new ConflictError(ALREADY_ON);
  const secret = user.totpSecret;
  if (!secret) throw new ConflictError('Start with twoFactor.setup');
  await countSecondFactorAttempt(ctx, user.id);
  if (!(await acceptTotpCode(ctx, user.id, secret, input.code)))
    throw new InvalidInputError('code', WRONG_CODE);
  const now = ctx.now();
  return ctx.em.transactional(async (tx) => {
    // Only the secret the code was checked against (a newer set-up may have replaced it).
    const enabled = await tx.nativeUpdate(
      User,
      { id: user.id, totpSecret: secret, totpEnabledAt: null },
      { totpEnabledAt: now },
    );
    if (enabled !== 1) throw new ConflictError('The set-up changed meanwhile; start again');
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id, now);
    await tx.flush();
    return { recoveryCodes };
  });
}

/** Turning it off needs both factors: the current password and a code or recovery code. */
export async function disableTwoFactor(
  ctx: Context,
  actor: Actor,
  input: DisableTwoFactorInput,
): Promise<TwoFactorStatus> {
  const user = await ctx.em.findOneOrFail(User, actor.id);
  if (!user.totpEnabledAt) throw new ConflictError(NOT_ON);
  await countSecondFactorAttempt(ctx, user.id);
  const passwordOk = user.passwordHash
    ? await verifyPassword(user.passwordHash, input.password)
    : await verifyAgainstDummy(input.password);
  if (!passwordOk) throw new InvalidInputError('password', 'Wrong password');
  const result = await withSecondFactor(ctx, user, input, async (tx) => {
    await tx.nativeUpdate(User, { id: user.id }, { totpSecret: null, totpEnabledAt: null });
    await tx.nativeDelete(RecoveryCode, { user: user.id });
    await tx.nativeDelete(OneTimeToken, { user: user.id, purpose: 'two_factor' });
  });
  if (!result.ok) throw new InvalidInputError(factorField(input), WRONG_CODE);
  return twoFactorStatus(ctx, actor);
}

/** New recovery codes (the old ones stop working), for a right code from the app. */
export async function regenerateRecoveryCodes(
  ctx: Context,
  actor: Actor,
  input: RegenerateRecoveryCodesInput,
): Promise<{ recoveryCodes: string[] }> {
  const user = await ctx.em.findOneOrFail(User, actor.id);
  if (!user.totpEnabledAt) throw new ConflictError(NOT_ON);
  await countSecondFactorAttempt(ctx, user.id);
  const result = await withSecondFactor(ctx, user, input, async (tx) => {
    const recoveryCodes = await replaceRecoveryCodes(tx, user.id, ctx.now());
    await tx.flush();
    return { recoveryCodes };
  });
  if (!result.ok) throw new InvalidInputError('code', WRONG_CODE);
  return result.value;
}

const isStaffRole = (actor: Actor) => actor.role === 'agent' || actor.role === 'admin';

export async function twoFactorStatus(ctx: Context, actor: Actor): Promise<TwoFactorStatus> {
  const user = await ctx.em.findOneOrFail(User, actor.id, { refresh: true });
  const enabled = user.totpEnabledAt !== null;
  return {
    enabled,
    recoveryCodesLeft: enabled ? await countRecoveryCodesLeft(ctx.em, actor.id) : 0,
    required: isStaffRole(actor) && (await ctx.settings()).requireTwoFactorForStaff,
  };
}

/** What staff without two-factor sign-in may still do when it is required: set it up, or leave. */
const reachableWithoutTwoFactor = (path: string) =>
  path === 'auth.me' || path === 'auth.signOut' || path.startsWith('twoFactor.');

/**
 * The `requireTwoFactorForStaff` setting: staff who have not turned two-factor sign-in on may sign
 * in, but get FORBIDDEN from everything except setting it up. The setting is read at most once per
 * request (cached on the context), and only for staff without two-factor sign-in.
 */
export async function requireStaffTwoFactor(ctx: Context, path: string): Promise<void> {
  if (!ctx.actor || !isStaffRole(ctx.actor) || ctx.auth?.twoFactorEnabled) return;
  if (reachableWithoutTwoFactor(path)) return;
  if ((await ctx.settings()).requireTwoFactorForStaff) throw new ForbiddenError(SET_UP_TWO_FACTOR);
}
