/**
 * The session cookie, as Lucia's design and ASVS 3.3 ask: HttpOnly, SameSite=Lax, Path=/, no Domain,
 * and Secure with the `__Host-` prefix whenever the site is served over HTTPS.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-helpdesk_session' : 'helpdesk_session';
}

export interface SessionCookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  path: '/';
  secure: boolean;
  expires: Date;
}

export function sessionCookieOptions(secure: boolean, expires: Date): SessionCookieOptions {
  return { httpOnly: true, sameSite: 'lax', path: '/', secure, expires };
}
