import type { TicketSortKey } from '@helpdesk/db';
import { idSchema } from '@helpdesk/validators';
import { z } from 'zod';
import { InvalidInputError } from '../errors.ts';

/**
 * Page cursors are opaque to clients: base64url JSON. A keyset cursor names the sort it belongs
 * to and carries the last row's sort values; a search cursor (results ranked by relevance)
 * carries an offset. A cursor of another sort, or a forged one, is BAD_REQUEST.
 */
const time = z.number().int().nonnegative();
const keysetValues: Record<TicketSortKey, z.ZodType<(string | number | null)[]>> = {
  activity: z.tuple([time, idSchema]),
  created: z.tuple([time, idSchema]),
  priority: z.tuple([z.number().int().min(1).max(4), time, idSchema]),
  due: z.tuple([time.nullable(), idSchema]),
};
const offsetCursor = z.strictObject({ k: z.literal('search'), o: z.number().int().min(0).max(1_000) });

/** Search results stop here; narrow the search instead of paging further. */
export const MAX_SEARCH_OFFSET = 1_000;

export function encodeKeysetCursor(sort: TicketSortKey, values: (string | number | null)[]): string {
  return Buffer.from(JSON.stringify({ k: sort, v: values })).toString('base64url');
}

export function encodeOffsetCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ k: 'search', o: offset })).toString('base64url');
}

function parse(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

function invalid(): never {
  throw new InvalidInputError(
    'cursor',
    'Invalid cursor: pass back the nextCursor of the previous page of the same list',
  );
}

export function decodeKeysetCursor(cursor: string, sort: TicketSortKey): (string | number | null)[] {
  const parsed = z.strictObject({ k: z.literal(sort), v: keysetValues[sort] }).safeParse(parse(cursor));
  return parsed.success ? parsed.data.v : invalid();
}

export function decodeOffsetCursor(cursor: string): number {
  const parsed = offsetCursor.safeParse(parse(cursor));
  return parsed.success ? parsed.data.o : invalid();
}
