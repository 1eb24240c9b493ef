import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { decodeHex, encodeHexLowerCase } from '@oslojs/encoding';

/** Lucia's alphabet: lower-case letters and digits without the look-alikes (no l, o, 0, 1). */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';
const TOKEN_PART = /^[a-km-z2-9]{24}$/;

/** 24 characters, 5 bits each from the CSPRNG: 120 bits, Lucia's recommended strength. */
export function generateSecureRandomString(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte >> 3];
  return out;
}

export function hashSecret(secret: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(secret)));
}

/** Constant-time comparison of a presented secret against a stored hex SHA-256. */
export function secretMatches(secret: string, storedHash: string): boolean {
  let stored: Uint8Array;
  try {
    stored = decodeHex(storedHash);
  } catch {
    return false;
  }
  return constantTimeEqual(sha256(new TextEncoder().encode(secret)), stored);
}

/** `<id>.<secret>`: the id finds the row, the secret proves possession. */
export function splitToken(token: string): { id: string; secret: string } | null {
  const [id, secret, ...rest] = token.split('.');
  if (rest.length || !id || !secret || !TOKEN_PART.test(id) || !TOKEN_PART.test(secret)) return null;
  return { id, secret };
}

export function newToken(): { id: string; secret: string; token: string } {
  const id = generateSecureRandomString();
  const secret = generateSecureRandomString();
  return { id, secret, token: `${id}.${secret}` };
}
