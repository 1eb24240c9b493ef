import { kyselyOf } from '@helpdesk/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0' });
});
afterAll(() => server?.close());

/** Parsed JSON log lines of the given event. */
function events(name: string) {
  return server.logs
    .flatMap((chunk) => chunk.split('\n'))
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.event === name);
}

async function post(path: string, body: unknown, cookie?: string) {
  return fetch(`${server.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify(body),
  });
}

describe('the security log', () => {
  it('records sign-ins, failures, denials and role changes with time, user, address and request id', async () => {
    const agent = server.users.agent;
    const good = await post('auth.signIn', { email: agent.email, password: agent.password });
    expect(good.status).toBe(200);
    const cookie = good.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const bad = await post('auth.signIn', { email: agent.email, password: 'not the password at all' });
    expect(bad.status).toBe(401);
    const forbidden = await post(
      'users.changeRole',
      { userId: server.users.customer.id, role: 'admin' },
      cookie,
    );
    expect(forbidden.status).toBe(403);
    const admin = await server.signedIn(server.users.admin);
    await admin.users.changeRole.mutate({ userId: server.users.customer.id, role: 'agent' });

    const [signedIn] = events('auth.signed_in');
    expect(signedIn).toMatchObject({
      userId: agent.id,
      ip: '127.0.0.1',
      reqId: expect.any(String),
      time: expect.any(Number),
    });
    expect(events('auth.sign_in_failed')[0]).toMatchObject({ email: agent.email, ip: '127.0.0.1' });
    const denials = events('access.denied');
    expect(denials).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'UNAUTHORIZED', path: 'auth.signIn', ip: '127.0.0.1' }),
        expect.objectContaining({ code: 'FORBIDDEN', path: 'users.changeRole', userId: agent.id }),
      ]),
    );
    expect(events('user.role_changed')[0]).toMatchObject({
      userId: server.users.admin.id,
      targetId: server.users.customer.id,
      role: 'agent',
    });

    // Never a password, a token or a session secret, anywhere in the log.
    const everything = server.logs.join('');
    const token = cookie.split('=')[1] ?? '';
    expect(token.length).toBeGreaterThan(40);
    for (const secret of [agent.password, 'not the password at all', token, token.split('.')[1] ?? '']) {
      expect(everything).not.toContain(secret);
    }
  });
});

describe('an unexpected failure', () => {
  it('answers a generic message with the request id, never a stack or SQL, with NODE_ENV unset', async () => {
    const broken = await startTestServer({ NODE_ENV: '' });
    try {
      // Sabotage: the table the procedure reads is gone (renamed, which both databases allow).
      await sql`alter table categories rename to categories_gone`.execute(kyselyOf(broken.db.orm.em.fork()));
      const customer = await broken.signedIn(broken.users.customer);
      const cookie = [...broken.cookiesOf(customer)].map(([name, value]) => `${name}=${value}`).join('; ');
      const response = await fetch(`${broken.url}/trpc/categories.list`, { headers: { cookie } });
      const body = await response.text();
      expect(response.status).toBe(500);
      const parsed = JSON.parse(body) as { error: { message: string; data: { requestId: string } } };
      expect(parsed.error.message).toMatch(/Something went wrong on our side/);
      expect(parsed.error.data.requestId).toBe(response.headers.get('x-request-id'));
      expect(body).not.toMatch(
        /select .* from|no such table|doesn't exist|"stack"|\.ts:\d+|SQLITE_|\bER_[A-Z]/,
      );
      // The server's own log keeps the details, tied to the same request id.
      expect(broken.logs.join('')).toContain(parsed.error.data.requestId);
    } finally {
      await broken.close();
    }
  });
});
