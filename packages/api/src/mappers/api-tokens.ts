import type { ApiToken, ApiTokenScope } from '@helpdesk/db';

/** A personal API token as its owner sees it in lists: never the secret, nor its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  scopes: ApiTokenScope[];
  createdAt: string;
  /** Null: never expires (until revoked). */
  expiresAt: string | null;
  lastUsedAt: string | null;
  revoked: boolean;
}

export function toApiTokenView(token: ApiToken): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    scopes: [...token.scopes],
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revoked: token.revokedAt !== null,
  };
}
