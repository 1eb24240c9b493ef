import { Writable } from 'node:stream';
import { makeUser, type TestUser } from '@helpdesk/api/testing';
import { cookieJarFetch, createHelpdeskClient, type HelpdeskClient } from '@helpdesk/client';
import { createTestDatabase, type TestDatabase } from '@helpdesk/db/testing';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.ts';
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

/** The real server on a random port over a fresh test database, with its logs captured. */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const db = await createTestDatabase();
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const clock = { now: new Date() };
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'info', ...env });
  const app = await buildApp({ config, orm: db.orm, dialect: db.dialect, logStream, now: () => clock.now });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
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
    async signedIn(user) {
      const client = browser();
      await client.auth.signIn.mutate({ email: user.email, password: user.password });
      return client;
    },
    async close() {
      await app.close();
      await db.dispose();
    },
  };
}
