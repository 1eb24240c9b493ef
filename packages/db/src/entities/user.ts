import { roles } from '@helpdesk/validators';
import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { Organization } from './organization.ts';

export const UserSchema = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    /** Normalised (trimmed, lower-cased) before it gets here; unique. */
    email: p.string().length(254).unique(),
    name: p.string().length(120),
    role: p.enum(roles).default('customer'),
    /** argon2id PHC string; null for contacts who never set a password. */
    passwordHash: p.string().length(255).nullable().hidden(),
    active: p.boolean().default(true),
    organization: () => p.manyToOne(Organization).nullable().deleteRule('set null'),
    emailVerifiedAt: p.datetime(3).nullable(),
    /** Base32 TOTP secret once two-factor sign-in is on; never leaves the server after set-up. */
    totpSecret: p.string().length(64).nullable().hidden(),
    totpEnabledAt: p.datetime(3).nullable(),
    /** Set when an admin deletes the account: it keeps its tickets but can never sign in again. */
    deletedAt: p.datetime(3).nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
  // The customer directory pages customers by name; the role filter comes first.
  indexes: [
    { properties: ['role', 'active'] },
    { name: 'users_role_name_idx', properties: ['role', 'name', 'id'] },
  ],
});

export class User extends UserSchema.class {}
UserSchema.setClass(User);
