/**
 * Test support for anything built on the API: a fresh database with one user of each role, and
 * tRPC callers that act as them through real sessions (each call gets its own context, like a
 * request). Not part of the production surface: import it as `@helpdesk/api/testing`.
 */
import { createSession, defaultSessionPolicy, type SessionPolicy } from '@helpdesk/auth';
import { type EntityManager, User } from '@helpdesk/db';
import { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from '@helpdesk/db/testing';
import type { Role } from '@helpdesk/validators';
import { TRPCError } from '@trpc/server';
import { type ApiConfig, createContext, type RequestInfo } from './context.ts';
import { createCaller } from './root.ts';
import { createUser } from './rules/users.ts';
import { DatabaseRateLimiter } from './services/rate-limiter.ts';

export const TEST_PASSWORD = 'correct horse battery';

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  password: string;
}

export type Caller = ReturnType<typeof createCaller>;

export interface TestApi {
  db: TestDatabase;
  config: ApiConfig;
  /** The clock every context uses; tests move it. */
  clock: { now: Date };
  /** Moves the clock on (a second by default), so every write gets a distinct, later time. */
  tick(ms?: number): void;
  users: { customer: TestUser; otherCustomer: TestUser; agent: TestUser; admin: TestUser };
  /** A caller acting as `user` (through a real session), or anonymous; `request` overrides the client's IP etc. */
  as(user: TestUser | null, request?: Partial<RequestInfo>, signal?: AbortSignal): Promise<Caller>;
  em(): EntityManager;
  dispose(): Promise<void>;
}

export async function makeUser(em: EntityManager, role: Role, name: string): Promise<TestUser> {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.test`;
  const user = await createUser(em, { email, name, role, password: TEST_PASSWORD });
  return { id: user.id, email: user.email, name: user.name, role: user.role, password: TEST_PASSWORD };
}

export async function createTestApi(
  session: SessionPolicy = defaultSessionPolicy,
  database: TestDatabaseOptions = {},
): Promise<TestApi> {
  const db = await createTestDatabase(database);
  const config: ApiConfig = {
    session,
    rateLimiter: new DatabaseRateLimiter(db.orm.em),
    attachments: { maxTicketBytes: 50 * 1024 * 1024 },
  };
  const clock = { now: new Date() };
  const em = () => db.orm.em.fork();
  const users = {
    customer: await makeUser(em(), 'customer', 'Carla Customer'),
    otherCustomer: await makeUser(em(), 'customer', 'Otto Other'),
    agent: await makeUser(em(), 'agent', 'Agnes Agent'),
    admin: await makeUser(em(), 'admin', 'Adam Admin'),
  };
  const noCookies = { set() {}, clear() {} };
  return {
    db,
    config,
    clock,
    tick(ms = 1000) {
      clock.now = new Date(clock.now.getTime() + ms);
    },
    users,
    em,
    async as(user, request = {}, signal) {
      let token: string | null = null;
      if (user) {
        const fork = em();
        token = (await createSession(fork, await fork.findOneOrFail(User, user.id), session, {}, clock.now))
          .token;
      }
      return createCaller(
        () =>
          createContext({
            em: em(),
            config,
            now: () => clock.now,
            request: { requestId: 'test', ip: '127.0.0.1', userAgent: 'vitest', ...request },
            sessionToken: token,
            tokenSource: token ? 'bearer' : null,
            cookies: noCookies,
          }),
        // The request's abort signal, as the server passes it (the client hung up).
        signal ? { signal } : undefined,
      );
    },
    dispose: () => db.dispose(),
  };
}

/** The tRPC error code a call ends with, or `OK`; other errors are rethrown. */
export async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return 'OK';
}
