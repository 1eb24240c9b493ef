import { z } from 'zod';
import { emailSchema, nameSchema, passwordSchema } from './auth.ts';
import { idSchema, lineSchema } from './common.ts';

/** A secret from a mailed link: long, URL-safe, nothing else. */
export const oneTimeTokenSchema = z
  .string()
  .min(32)
  .max(128)
  .regex(/^[a-z0-9]+$/, 'Invalid token');

export const requestPasswordResetInput = z.strictObject({ email: emailSchema });
export const resetPasswordInput = z.strictObject({ token: oneTimeTokenSchema, password: passwordSchema });
export const verifyEmailInput = z.strictObject({ token: oneTimeTokenSchema });
export const acceptInviteInput = z.strictObject({ token: oneTimeTokenSchema, password: passwordSchema });

/** My own display name (the email has its own confirmed flow). */
export const updateProfileInput = z.strictObject({ name: nameSchema });

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
  /** End every other session of mine (default true): someone may know the old password. */
  signOutOtherSessions: z.boolean().default(true),
});

export const requestEmailChangeInput = z.strictObject({
  /** Re-authentication: the current password. */
  password: z.string().min(1).max(256),
  newEmail: emailSchema,
});
export const confirmEmailChangeInput = z.strictObject({ token: oneTimeTokenSchema });

export const revokeSessionInput = z.strictObject({
  id: z.string().regex(/^[a-km-z2-9]{24}$/, 'Invalid session id'),
});

export const staffRoles = ['agent', 'admin'] as const;
export const inviteUserInput = z.strictObject({
  email: emailSchema,
  name: nameSchema,
  role: z.enum(staffRoles),
});
export const changeRoleInput = z.strictObject({
  userId: idSchema,
  role: z.enum(['customer', 'agent', 'admin']),
});
export const setUserActiveInput = z.strictObject({ userId: idSchema, active: z.boolean() });
export const deleteUserInput = z.strictObject({ userId: idSchema });
export const listUsersInput = z.strictObject({
  /** The start of a name or an email address. */
  search: lineSchema(1, 120).optional(),
  role: z.enum(['customer', 'agent', 'admin']).optional(),
  active: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).default(100),
});
