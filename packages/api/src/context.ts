import type { SessionPolicy, SessionRecord } from '@helpdesk/auth';
import { validateSessionToken } from '@helpdesk/auth';
import { type ApiTokenScope, apiTokenScopes, type EntityManager, type User } from '@helpdesk/db';
import type { Role } from '@helpdesk/validators';
import { toTRPCError } from './errors.ts';
import { API_TOKEN_PREFIX, validateApiToken } from './rules/api-tokens.ts';
import { getSettings, type Settings, type SettingsCache } from './rules/settings.ts';
import type { LiveEvents } from './services/live-events.ts';
import type { RateLimiter } from './services/rate-limiter.ts';

export interface ApiConfig {
  session: SessionPolicy;
  /** Shared by every server instance (Redis or the database), never one process's memory. */
  rateLimiter: RateLimiter;
  /** The most bytes of attachments one ticket may hold (ATTACHMENT_MAX_TICKET_BYTES). */
  attachments: { maxTicketBytes: number };
  /** Remembers the settings for a few seconds (servers); absent, every request reads them. */
  settingsCache?: SettingsCache;
  /** Where ticket changes are announced to live dashboards (Redis when several instances run). */
  liveEvents?: LiveEvents;
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
export function toActor(
  user: Pick<User, 'id' | 'role' | 'name' | 'email'> & {
    organization?: { id: string; sharedTickets: boolean } | null;
  },
): Actor {
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
  /** Where security events go (the request's logger on the server). */
  log?: SecurityLog;
}

/**
 * The security log: sign-ins, failures, denials, role changes. Events are structured fields; they
 * never carry a password, a token or a session secret.
 */
export interface SecurityLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

const silent: SecurityLog = { info() {}, warn() {} };

export interface Context {
  em: EntityManager;
  config: ApiConfig;
  request: RequestInfo;
  cookies: SessionCookieJar;
  now: () => Date;
  /** Null for API-token requests (and anonymous ones). */
  session: SessionRecord | null;
  actor: Actor | null;
  /** How the actor proved who they are; null when anonymous. */
  auth: AuthInfo | null;
  /** The desk's settings, read at most once per request. */
  settings: () => Promise<Settings>;
  log: SecurityLog;
}

export interface AuthInfo {
  kind: 'session' | 'apiToken';
  /** What the credential may do: a session everything, an API token what it was created with. */
  scopes: readonly ApiTokenScope[];
  twoFactorEnabled: boolean;
}

/** Resolves the session once per request; everything else is read lazily by procedures. */
export async function createContext(options: CreateContextOptions): Promise<Context> {
  try {
    return await resolveContext(options);
  } catch (error) {
    // Resolving the session is the first query of every request: a database outage shows here
    // first, and must answer 503 like it does inside procedures.
    throw toTRPCError(error) ?? error;
  }
}

async function resolveContext(options: CreateContextOptions): Promise<Context> {
  const now = options.now ?? (() => new Date());
  let session: SessionRecord | null = null;
  let actor: Actor | null = null;
  let auth: AuthInfo | null = null;
  // Personal API tokens (`hd_...`) come only as bearer tokens; they authenticate instead of a session.
  if (options.sessionToken?.startsWith(API_TOKEN_PREFIX) && options.tokenSource === 'bearer') {
    const valid = await validateApiToken(options.em, options.sessionToken, now());
    if (valid) {
      actor = toActor(valid.user);
      auth = { kind: 'apiToken', scopes: valid.token.scopes, twoFactorEnabled: !!valid.user.totpEnabledAt };
    }
  } else if (options.sessionToken) {
    const valid = await validateSessionToken(options.em, options.sessionToken, options.config.session, now());
    if (valid) {
      session = valid.session;
      actor = toActor(valid.user);
      auth = { kind: 'session', scopes: apiTokenScopes, twoFactorEnabled: !!valid.user.totpEnabledAt };
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
    auth,
    settings: once(() => options.config.settingsCache?.get(options.em) ?? getSettings(options.em)),
    log: options.log ?? silent,
  };
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}
