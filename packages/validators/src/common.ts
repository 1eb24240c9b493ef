import { z } from 'zod';

/** Public ids are 26-character, time-ordered random strings (ULID alphabet); anything else is not an id. */
export const idSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Invalid id');

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Strings with no control characters other than newlines and tabs, trimmed. */
export const textSchema = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'Required' : `At least ${min} characters`)
    .max(max, `At most ${max} characters`)
    .refine((value) => !CONTROL_CHARACTERS.test(value), 'Control characters are not allowed');

/** A single line: no CR/LF either (it may end up in a mail header or a log line). */
export const lineSchema = (min: number, max: number) =>
  textSchema(min, max).refine((value) => !/[\r\n]/.test(value), 'Must be a single line');

/** Opaque keyset-pagination cursor produced by the server. */
export const cursorSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'Invalid cursor');

export const pageLimitSchema = z.number().int().min(1).max(100).default(25);

/** The most procedure calls one HTTP request may batch; the server refuses larger batches. */
export const MAX_BATCH_SIZE = 20;
