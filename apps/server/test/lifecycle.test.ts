import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@helpdesk/db/testing';
import { describe, expect, it } from 'vitest';
import { startAnotherInstance, startTestServer, waitForLine } from './support.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('graceful shutdown', () => {
  it('lets in-flight requests finish, then closes the database', async () => {
    let arrived: () => void = () => {};
    const signInArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let signIns = 0;
    const server = await startTestServer({}, (app) => {
      app.addHook('preHandler', async (request) => {
        if (request.url.startsWith('/trpc/auth.signIn') && ++signIns === 1) arrived();
      });
    });
    const agent = await server.signedIn(server.users.agent);
    // A sign-in spends tens of milliseconds hashing: it is still running when close() starts.
    const inFlight = fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.users.customer.email, password: server.users.customer.password }),
    });
    await signInArrived;
    const closing = server.app.close();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect((await response.json()).result.data.user.email).toBe(server.users.customer.email);
    await closing;
    expect(await server.db.orm.isConnected()).toBe(false);
    await expect(agent.auth.me.query()).rejects.toThrow();
    await server.db.dispose();
  });
});

describe('a new instance behind the load balancer', () => {
  it('answers its very first request, a signed-in session check by hand-written SQL', async () => {
    const server = await startTestServer();
    const agent = await server.signedIn(server.users.agent);
    const cookie = [...server.cookiesOf(agent)].map(([name, value]) => `${name}=${value}`).join('; ');
    // Its own database connections, never used before this request (MySQL's client is made lazily).
    const fresh = await startAnotherInstance(server);
    try {
      const response = await fetch(`${fresh.url}/trpc/auth.me?batch=1&input=%7B%7D`, { headers: { cookie } });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject([{ result: { data: { id: server.users.agent.id } } }]);
    } finally {
      await fresh.close();
      await server.close();
    }
  });
});

describe('npm start (src/main.ts)', () => {
  it('migrates an empty database, says how to make an admin, serves /health and stops on SIGTERM', async () => {
    const db = await createTestDatabase({ empty: true });
    const databaseUrl = db.target.dialect === 'mysql' ? db.target.url : `sqlite:${db.target.path}`;
    await db.orm.close();
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    try {
      const [, address] = await waitForLine(child, /listening on (http:\/\/\S+)/, output);
      const text = output.join('');
      expect(text).toMatch(/migrating \[1\/\d\]/);
      expect(text).toContain('npm run user:create -- --role admin');
      const health = await fetch(`${address}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ status: 'ok', database: { dialect: db.dialect } });
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      await db.dispose();
    }
  });

  it('refuses to start on a bad DATABASE_URL with a clear message', async () => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, DATABASE_URL: 'postgres://nope/db', PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += String(chunk);
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(stderr).toContain('DATABASE_URL must start with mysql:// or sqlite:');
  });
});
