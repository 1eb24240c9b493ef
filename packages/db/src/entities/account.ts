import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { User } from './user.ts';

export const oneTimeTokenPurposes = [
  'verify_email',
  'reset_password',
  'change_email',
  'invite',
  'two_factor',
] as const;
export type OneTimeTokenPurpose = (typeof oneTimeTokenPurposes)[number];

/**
 * A single-use secret sent by mail or handed to a client for one step (verify an address, reset a
 * password, accept an invitation, finish a two-factor sign-in). Only its SHA-256 is stored; a newer
 * token of the same purpose for the same user replaces the older one.
 */
export const OneTimeTokenSchema = defineEntity({
  name: 'OneTimeToken',
  tableName: 'one_time_tokens',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    user: () => p.manyToOne(User).deleteRule('cascade').index(false),
    purpose: p.enum(oneTimeTokenPurposes),
    tokenHash: p.string().length(64).unique(),
    /** Purpose-specific data, e.g. the new address of an email change. */
    data: p.json<Record<string, unknown>>(),
    expiresAt: p.datetime(3),
    usedAt: p.datetime(3).nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
  indexes: [{ name: 'one_time_tokens_user_purpose_idx', properties: ['user', 'purpose'] }],
});

export class OneTimeToken extends OneTimeTokenSchema.class {}
OneTimeTokenSchema.setClass(OneTimeToken);

/** Two-factor recovery codes: each works once; only hashes are stored. */
export const RecoveryCodeSchema = defineEntity({
  name: 'RecoveryCode',
  tableName: 'recovery_codes',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    codeHash: p.string().length(64),
    usedAt: p.datetime(3).nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
});

export class RecoveryCode extends RecoveryCodeSchema.class {}
RecoveryCodeSchema.setClass(RecoveryCode);

export const apiTokenScopes = ['read', 'write', 'admin'] as const;
export type ApiTokenScope = (typeof apiTokenScopes)[number];

/**
 * A personal API token for scripts (`Authorization: Bearer hd_<id>_<secret>`): shown once, stored
 * as a SHA-256, scoped, expiring, revocable.
 */
export const ApiTokenSchema = defineEntity({
  name: 'ApiToken',
  tableName: 'api_tokens',
  properties: {
    id: p.string().length(32).primary(),
    user: () => p.manyToOne(User).deleteRule('cascade'),
    name: p.string().length(80),
    secretHash: p.string().length(64),
    scopes: p.json<ApiTokenScope[]>(),
    expiresAt: p.datetime(3).nullable(),
    lastUsedAt: p.datetime(3).nullable(),
    revokedAt: p.datetime(3).nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
});

export class ApiToken extends ApiTokenSchema.class {}
ApiTokenSchema.setClass(ApiToken);
