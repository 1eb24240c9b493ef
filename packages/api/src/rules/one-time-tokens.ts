import { generateSecureRandomString, hashSecret } from '@helpdesk/auth';
import { type EntityManager, OneTimeToken, type OneTimeTokenPurpose, type User } from '@helpdesk/db';

/**
 * Single-use secrets for mailed links (240 bits from the CSPRNG; only a SHA-256 is stored). Issuing
 * one revokes the user's earlier ones of the same purpose, so only the newest link works.
 */
export async function issueOneTimeToken(
  tx: EntityManager,
  user: User,
  purpose: OneTimeTokenPurpose,
  ttlMs: number,
  now: Date,
  data: Record<string, unknown> = {},
): Promise<string> {
  await tx.nativeDelete(OneTimeToken, { user: user.id, purpose });
  const token = generateSecureRandomString() + generateSecureRandomString();
  tx.create(OneTimeToken, {
    user,
    purpose,
    tokenHash: hashSecret(token),
    data,
    expiresAt: new Date(now.getTime() + ttlMs),
    usedAt: null,
    createdAt: now,
  });
  return token;
}

/**
 * Uses up a token: answers it (with its user) if it exists, has this purpose, is unexpired and
 * unused, and marks it used in the same statement that checks it, so two requests racing with
 * one link cannot both succeed. Answers null otherwise.
 */
export async function consumeOneTimeToken(
  tx: EntityManager,
  token: string,
  purpose: OneTimeTokenPurpose,
  now: Date,
): Promise<{ token: OneTimeToken; user: User } | null> {
  const found = await tx.findOne(
    OneTimeToken,
    { tokenHash: hashSecret(token), purpose },
    { populate: ['user'] },
  );
  if (!found || found.usedAt || found.expiresAt.getTime() <= now.getTime()) return null;
  const claimed = await tx.nativeUpdate(OneTimeToken, { id: found.id, usedAt: null }, { usedAt: now });
  if (claimed !== 1) return null;
  const user = found.user as User;
  if (!user.active || user.deletedAt) return null;
  return { token: found, user };
}

export async function revokeOneTimeTokens(
  tx: EntityManager,
  userId: string,
  purposes?: OneTimeTokenPurpose[],
) {
  await tx.nativeDelete(
    OneTimeToken,
    purposes ? { user: userId, purpose: { $in: purposes } } : { user: userId },
  );
}
