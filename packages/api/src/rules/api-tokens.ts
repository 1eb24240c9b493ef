import { generateSecureRandomString, hashSecret, secretMatches } from '@helpdesk/auth';
import { ApiToken, type ApiTokenScope, apiTokenScopes, type EntityManager, User } from '@helpdesk/db';
import type { CreateApiTokenInput, RevokeApiTokenInput } from '@helpdesk/validators';
import type { Actor, AuthInfo } from '../context.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { type ApiTokenView, toApiTokenView } from '../mappers/api-tokens.ts';

/** `hd_<id>_<secret>`: the id finds the row, the secret (120 bits) proves possession. */
const API_TOKEN = /^hd_([a-km-z2-9]{24})_([a-km-z2-9]{24})$/;
export const API_TOKEN_PREFIX = 'hd_';

/** `lastUsedAt` is written at most this often, so most requests only read. */
const TOUCH_INTERVAL_MS = 60_000;
const DAY_MS = 24 * 60 * 60_000;
const LIST_LIMIT = 100;

/** Scopes are levels: `write` includes `read`, `admin` includes both. */
const LEVEL: Record<ApiTokenScope, number> = { read: 0, write: 1, admin: 2 };

/**
 * Checks a bearer token of the `hd_` form like a session token: found by id, secret compared in
 * constant time against the stored SHA-256, then not revoked, not expired, owner active. Answers
 * the token and its owner (with the organization), or null.
 */
export async function validateApiToken(
  em: EntityManager,
  token: string,
  now: Date,
): Promise<{ token: ApiToken; user: User } | null> {
  const [, id, secret] = API_TOKEN.exec(token) ?? [];
  if (!id || !secret) return null;
  const row = await em.findOne(ApiToken, { id }, { populate: ['user', 'user.organization'] });
  if (!row || !secretMatches(secret, row.secretHash)) return null;
  if (row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
  if (!row.user.active || row.user.deletedAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) {
    // A targeted update: no read-modify-write race with the token's other requests.
    await em.nativeUpdate(ApiToken, { id }, { lastUsedAt: now });
  }
  return { token: row, user: row.user };
}

/** Refuses an API token whose scopes do not reach `needed`; sessions have every scope. */
export function requireScope(auth: AuthInfo, needed: ApiTokenScope, what: string): void {
  const level = Math.max(-1, ...auth.scopes.map((scope) => LEVEL[scope]));
  if (level < LEVEL[needed])
    throw new ForbiddenError(`This API token has no ${needed} scope: it may not ${what}`);
}

/**
 * Creates a personal API token and answers it (`hd_<id>_<secret>`) this once: only the secret's
 * SHA-256 is kept. The `admin` scope is for admins only; it never gives more than the owner's role.
 * The procedure takes sessions only: a token never mints tokens.
 */
export async function createApiToken(
  em: EntityManager,
  actor: Actor,
  input: CreateApiTokenInput,
  now: Date,
): Promise<{ token: string; apiToken: ApiTokenView }> {
  const scopes = apiTokenScopes.filter((scope) => input.scopes.includes(scope));
  if (scopes.includes('admin') && actor.role !== 'admin')
    throw new ForbiddenError('Only admins may create tokens with the admin scope');
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  return em.transactional(async (tx) => {
    const row = tx.create(ApiToken, {
      id,
      user: tx.getReference(User, actor.id),
      name: input.name,
      secretHash: hashSecret(secret),
      scopes,
      expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * DAY_MS) : null,
      lastUsedAt: null,
      revokedAt: null,
      createdAt: now,
    });
    await tx.flush();
    return { token: `${API_TOKEN_PREFIX}${id}_${secret}`, apiToken: toApiTokenView(row) };
  });
}

/** My tokens, newest first (revoked and expired ones too), without secrets. */
export async function listApiTokens(em: EntityManager, actor: Actor): Promise<ApiTokenView[]> {
  const rows = await em.find(
    ApiToken,
    { user: actor.id },
    { orderBy: { createdAt: 'desc', id: 'asc' }, limit: LIST_LIMIT },
  );
  return rows.map(toApiTokenView);
}

/** Revokes one of my tokens at once; someone else's is NOT_FOUND. Revoking twice changes nothing. */
export async function revokeApiToken(
  em: EntityManager,
  actor: Actor,
  input: RevokeApiTokenInput,
  now: Date,
): Promise<ApiTokenView> {
  return em.transactional(async (tx) => {
    const row = await tx.findOne(ApiToken, { id: input.id, user: actor.id });
    if (!row) throw new NotFoundError('API token');
    row.revokedAt ??= now;
    await tx.flush();
    return toApiTokenView(row);
  });
}
