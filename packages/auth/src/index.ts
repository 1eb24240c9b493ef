export { type SessionCookieOptions, sessionCookieName, sessionCookieOptions } from './cookie.ts';
export { hashPassword, verifyAgainstDummy, verifyPassword } from './password.ts';
export {
  createSession,
  defaultSessionPolicy,
  invalidateSession,
  invalidateUserSessions,
  type SessionMeta,
  type SessionPolicy,
  type SessionRecord,
  type SessionUser,
  sessionExpiresAt,
  type ValidSession,
  validateSessionToken,
} from './session.ts';
export { generateSecureRandomString, hashSecret, newToken, secretMatches, splitToken } from './tokens.ts';
export {
  generateTotpSecret,
  matchTotpStep,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  totpKeyUri,
  totpStep,
  totpStepAcceptedUntil,
} from './totp.ts';
