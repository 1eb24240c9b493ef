import type { SessionPolicy } from '@helpdesk/auth';
import { validateSessionToken } from '@helpdesk/auth';
import type { EntityManager, Session, User } from '@helpdesk/db';
import type { Role } from '@helpdesk/validators';

export interface ApiConfig {
  session: SessionPolicy;
}

/** What the transport knows about the request; the API itself knows no HTTP framework. */
export interface RequestInfo {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

/** How a procedure sets or clears the session cookie; a no-op where there are no cookies. */
export interface SessionCookieJar {
  set(token: string, expiresAt: Date): void;
  clear(): void;
}

export interface Actor {
  id: string;
  role: Role;
  name: string;
  email: string;
  organizationId: string | null;
  /** The actor's organization lets members see each other's tickets. */
  sharesOrganizationTickets: boolean;
}

/** The acting user as procedures see them (needs `organization` loaded). */
export function toActor(user: User): Actor {
  return {
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    organizationId: user.organization?.id ?? null,
    sharesOrganizationTickets: user.organization?.sharedTickets ?? false,
  };
}

export interface CreateContextOptions {
  em: EntityManager;
  config: ApiConfig;
  request: RequestInfo;
  /** The token from the session cookie or an `Authorization: Bearer` header, if any. */
  sessionToken: string | null;
  /** Where the token came from: a cookie must be refreshed and cleared, a bearer token not. */
  tokenSource: 'cookie' | 'bearer' | null;
  cookies: SessionCookieJar;
  /** The clock (tests move it to expire sessions). */
  now?: () => Date;
}

export interface Context {
  em: EntityManager;
  config: ApiConfig;
  request: RequestInfo;
  cookies: SessionCookieJar;
  now: () => Date;
  session: Session | null;
  actor: Actor | null;
}

/** Resolves the session once per request; everything else is read lazily by procedures. */
export async function createContext(options: CreateContextOptions): Promise<Context> {
  const now = options.now ?? (() => new Date());
  let session: Session | null = null;
  let actor: Actor | null = null;
  if (options.sessionToken) {
    const valid = await validateSessionToken(options.em, options.sessionToken, options.config.session, now());
    if (valid) {
      session = valid.session;
      actor = toActor(valid.user);
      if (valid.refreshed && options.tokenSource === 'cookie')
        options.cookies.set(options.sessionToken, valid.expiresAt);
    } else if (options.tokenSource === 'cookie') {
      options.cookies.clear();
    }
  }
  return {
    em: options.em,
    config: options.config,
    request: options.request,
    cookies: options.cookies,
    now,
    session,
    actor,
  };
}
