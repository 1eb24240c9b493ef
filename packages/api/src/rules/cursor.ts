import { idSchema } from '@helpdesk/validators';
import { z } from 'zod';
import { InvalidInputError } from '../errors.ts';

/**
 * Page cursors are opaque to clients: base64url JSON. A keyset cursor carries the last row's sort
 * value and id; a search cursor (results ranked by relevance) carries an offset.
 */
const keysetCursor = z.strictObject({
  k: z.literal('a'),
  t: z.number().int().nonnegative(),
  i: idSchema,
});
const offsetCursor = z.strictObject({ k: z.literal('s'), o: z.number().int().min(0).max(1_000) });

export type KeysetCursor = { activityAt: Date; id: string };

export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify({ k: 'a', t: cursor.activityAt.getTime(), i: cursor.id })).toString(
    'base64url',
  );
}

export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ k: 's', o: offset })).toString('base64url');
}

function decode<T>(cursor: string, schema: z.ZodType<T>): T {
  try {
    return schema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidInputError('cursor', 'Invalid cursor: pass back the nextCursor of the previous page');
  }
}

export function decodeKeysetCursor(cursor: string): KeysetCursor {
  const { t, i } = decode(cursor, keysetCursor);
  return { activityAt: new Date(t), id: i };
}

export function decodeOffsetCursor(cursor: string): number {
  return decode(cursor, offsetCursor).o;
}

/** Search results stop here; narrow the search instead of paging further. */
export const MAX_SEARCH_OFFSET = 1_000;
