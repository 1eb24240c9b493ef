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

/** `length` characters of Crockford base32 from the CSPRNG (5 bits each). */
export function randomBase32(length: number): string {
  const bytes = getRandomValues(new Uint8Array(length));
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}

/** A reference people can read to each other, e.g. `K7M3QX9PAB`: 50 random bits, so even a desk of
 * millions of tickets practically never draws the same one twice (the unique index has the last word). */
export function newReference(): string {
  return randomBase32(10);
}
