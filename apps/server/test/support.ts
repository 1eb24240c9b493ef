import type { ChildProcess } from 'node:child_process';
import { Writable } from 'node:stream';
import { makeUser, type TestUser } from '@helpdesk/api/testing';
import { createSession, sessionCookieName } from '@helpdesk/auth';
import { cookieJarFetch, createHelpdeskClient, type HelpdeskClient } from '@helpdesk/client';
import { openDatabase, User } from '@helpdesk/db';
import { createTestDatabase, type TestDatabase } from '@helpdesk/db/testing';
import type { FastifyInstance } from 'fastify';
import { type BuildAppOptions, buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';

export interface TestServer {
  app: FastifyInstance;
  db: TestDatabase;
  url: string;
  logs: string[];
  clock: { now: Date };
  users: { customer: TestUser; agent: TestUser; admin: TestUser };
  /** A client with its own cookie jar, as one browser would have. */
  browser(): HelpdeskClient;
  /** A browser that is already signed in as `user`. */
  signedIn(user: TestUser): Promise<HelpdeskClient>;
  /** The cookies a browser() client holds. */
  cookiesOf(client: HelpdeskClient): Map<string, string>;
  close(): Promise<void>;
}

function testConfig(env: Record<string, string>) {
  // Scheduled jobs off: tests run them explicitly with their own clock.
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'info',
    JOBS_INTERVAL_SECONDS: '0',
    MAIL_INTERVAL_SECONDS: '0',
    // A test process is client and server at once: its event loop lag says nothing about load.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  });
}

async function listenOnRandomPort(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/** The real server on a random port over a fresh test database, with its logs captured. */
export async function startTestServer(
  env: Record<string, string> = {},
  /** Adds hooks or routes before the server listens (tests that watch requests arrive). */
  beforeListen?: (app: FastifyInstance) => void,
): Promise<TestServer> {
  const db = await createTestDatabase();
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const clock = { now: new Date() };
  const config = testConfig(env);
  const app = await buildApp({ config, orm: db.orm, dialect: db.dialect, logStream, now: () => clock.now });
  beforeListen?.(app);
  const url = await listenOnRandomPort(app);
  const em = () => db.orm.em.fork();
  const users = {
    customer: await makeUser(em(), 'customer', 'Carla Customer'),
    agent: await makeUser(em(), 'agent', 'Agnes Agent'),
    admin: await makeUser(em(), 'admin', 'Adam Admin'),
  };
  // The client is a proxy (every property is a procedure path), so its jar is kept beside it.
  const jars = new WeakMap<HelpdeskClient, Map<string, string>>();
  const browser = () => {
    const jar = cookieJarFetch();
    const client = createHelpdeskClient({ url, fetch: jar });
    jars.set(client, jar.cookies);
    return client;
  };
  return {
    app,
    db,
    url,
    logs,
    clock,
    users,
    browser,
    cookiesOf: (client) => jars.get(client) ?? new Map(),
    /**
     * A browser holding a fresh session of `user`, made directly (no password round trip), so
     * tests that are not about signing in neither wait for argon2 nor count against the sign-in
     * throttle.
     */
    async signedIn(user) {
      const client = browser();
      const fork = em();
      const { token } = await createSession(
        fork,
        await fork.findOneOrFail(User, user.id),
        config.session,
        {},
        clock.now,
      );
      jars.get(client)?.set(sessionCookieName(config.secureCookies), token);
      return client;
    },
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}

export interface TestInstance {
  app: FastifyInstance;
  url: string;
  /** A client with its own cookie jar, talking to this instance. */
  browser(): HelpdeskClient;
  close(): Promise<void>;
}

/**
 * A second server instance over the same database as `server` (its own connections, the same
 * clock), as another instance behind a load balancer would be. Close it before `server`.
 */
export async function startAnotherInstance(
  server: TestServer,
  env: Record<string, string> = {},
  /** Reach the database through another address (a relay the test can cut). */
  databaseUrl?: string,
  options?: Pick<BuildAppOptions, 'directCalls'>,
): Promise<TestInstance> {
  const { target } = server.db;
  const { orm } = await openDatabase({
    url: databaseUrl ?? (target.dialect === 'mysql' ? target.url : `sqlite:${target.path}`),
    poolSize: 4,
  });
  const instance = await buildApp({
    config: testConfig({ LOG_LEVEL: 'warn', ...env }),
    orm,
    dialect: target.dialect,
    logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
    now: () => server.clock.now,
    ...options,
  });
  const url = await listenOnRandomPort(instance);
  return {
    app: instance,
    url,
    browser: () => createHelpdeskClient({ url, fetch: cookieJarFetch() }),
    // The app's close also closes its ORM.
    close: () => instance.close(),
  };
}

/** Resolves with the first match of `pattern` in what `child` prints (collected in `output`). */
export function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  output: string[],
): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(String(chunk));
      const match = output.join('').match(pattern);
      if (match) resolve(match);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(String(chunk)));
    child.once('exit', (code) =>
      reject(new Error(`exited with ${code} before ${pattern}:\n${output.join('')}`)),
    );
  });
}
