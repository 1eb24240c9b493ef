import { z } from 'zod';
import { signInInput } from './auth.ts';
import { lineSchema } from './common.ts';

/** The characters of server-made secrets (Lucia's alphabet: no look-alikes l, o, 0, 1). */
const secretOf = (length: number, message: string) =>
  z.string().regex(new RegExp(`^[a-km-z2-9]{${length}}$`), message);

/** The 6 digits an authenticator app shows; spaces typed between the groups are ignored. */
export const totpCodeSchema = z
  .string()
  .max(20, 'Enter the 6 digits your app shows')
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6 digits your app shows'));

/** A recovery code as shown (`xxxx-xxxx-xxxx`), in any case, with or without the dashes. */
export const recoveryCodeSchema = z
  .string()
  .max(40, 'Invalid recovery code')
  .transform((value) => value.toLowerCase().replace(/[\s-]/g, ''))
  .pipe(secretOf(12, 'Invalid recovery code'));

/** The token `auth.signIn` hands out when a second factor is needed. */
export const twoFactorChallengeSchema = secretOf(24, 'Invalid challenge');

const currentPassword = signInInput.shape.password;

export const enableTwoFactorInput = z.strictObject({ code: totpCodeSchema });
export type EnableTwoFactorInput = z.infer<typeof enableTwoFactorInput>;

export const regenerateRecoveryCodesInput = z.strictObject({ code: totpCodeSchema });
export type RegenerateRecoveryCodesInput = z.infer<typeof regenerateRecoveryCodesInput>;

/** Turning two-factor sign-in off needs both factors: the password and a code (or a recovery code). */
export const disableTwoFactorInput = z.union([
  z.strictObject({ password: currentPassword, code: totpCodeSchema }),
  z.strictObject({ password: currentPassword, recoveryCode: recoveryCodeSchema }),
]);
export type DisableTwoFactorInput = z.infer<typeof disableTwoFactorInput>;

export const completeTwoFactorSignInInput = z.union([
  z.strictObject({ challenge: twoFactorChallengeSchema, code: totpCodeSchema }),
  z.strictObject({ challenge: twoFactorChallengeSchema, recoveryCode: recoveryCodeSchema }),
]);
export type CompleteTwoFactorSignInInput = z.infer<typeof completeTwoFactorSignInInput>;

// Personal API tokens

/** `read`: queries only; `write`: also mutations, not admin ones; `admin`: all the owner's role allows. */
export const apiTokenScopeSchema = z.enum(['read', 'write', 'admin']);

export const apiTokenIdSchema = secretOf(24, 'Invalid id');

export const createApiTokenInput = z.strictObject({
  name: lineSchema(1, 80),
  scopes: z.array(apiTokenScopeSchema).min(1, 'At least one scope').max(apiTokenScopeSchema.options.length),
  /** Left out: the token never expires (until revoked). */
  expiresInDays: z.number().int().min(1).max(365).optional(),
});
export type CreateApiTokenInput = z.infer<typeof createApiTokenInput>;

export const revokeApiTokenInput = z.strictObject({ id: apiTokenIdSchema });
export type RevokeApiTokenInput = z.infer<typeof revokeApiTokenInput>;
