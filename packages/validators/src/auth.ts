import { z } from 'zod';
import { lineSchema } from './common.ts';
import { isCommonPassword } from './common-passwords.ts';

export const roles = ['customer', 'agent', 'admin'] as const;
export type Role = (typeof roles)[number];
export const roleSchema = z.enum(roles);

/** Lower-cased and trimmed, so `Ann@Example.com ` and `ann@example.com` are one account. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, 'At most 254 characters')
  .pipe(z.email('Invalid email address'))
  .transform((email) => email.toLowerCase());

/** Compared exactly as typed: no trimming, no composition rules (ASVS 6.2). */
export const passwordSchema = z
  .string()
  .min(8, 'At least 8 characters')
  .max(256, 'At most 256 characters')
  .refine(
    (password) => !isCommonPassword(password),
    'This password is one of the most common ones; choose another',
  );

export const nameSchema = lineSchema(1, 120);

export const signUpInput = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
});
export type SignUpInput = z.infer<typeof signUpInput>;

export const signInInput = z.strictObject({
  email: emailSchema,
  // Not the password policy: an old password that predates a policy change must still be checkable.
  password: z.string().min(1, 'Required').max(256, 'At most 256 characters'),
});
export type SignInInput = z.infer<typeof signInInput>;

export const createUserInput = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  name: nameSchema,
  role: roleSchema,
});
export type CreateUserInput = z.infer<typeof createUserInput>;
