import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';
import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';

/** RFC 6238's defaults: the only parameters every authenticator app supports. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;

/** 20 bytes (160 bits, RFC 4226's recommended key length) from the CSPRNG, in base32 as apps expect. */
export function generateTotpSecret(): string {
  return encodeBase32UpperCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** The `otpauth://totp/...` address an authenticator app reads from a QR code. */
export function totpKeyUri(issuer: string, accountName: string, secret: string): string {
  return createTOTPKeyURI(
    issuer,
    accountName,
    decodeBase32IgnorePadding(secret),
    TOTP_PERIOD_SECONDS,
    TOTP_DIGITS,
  );
}

/** The time step `now` falls in (@oslojs/otp's TOTP functions read the wall clock; ours take one). */
export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / (TOTP_PERIOD_SECONDS * 1000));
}

/** When the code of `step` stops being accepted: the end of the step after it (the drift window). */
export function totpStepAcceptedUntil(step: number, window = 1): Date {
  return new Date((step + window + 1) * TOTP_PERIOD_SECONDS * 1000);
}

/**
 * The time step whose code `code` is, looking `window` steps either side of now for clock drift
 * between phone and server; null when none matches. Every candidate is compared, in constant time,
 * so the answer takes as long whichever step matched.
 */
export function matchTotpStep(secret: string, code: string, now: Date, window = 1): number | null {
  const key = decodeBase32IgnorePadding(secret);
  const current = totpStep(now);
  let match: number | null = null;
  for (let step = current - window; step <= current + window; step++) {
    if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, code) && match === null) match = step;
  }
  return match;
}
