import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0' });
});
afterAll(() => server?.close());

function batchSignIn(count: number, email: string, forwardedFor?: string) {
  const paths = Array.from({ length: count }, () => 'auth.signIn').join(',');
  const body = Object.fromEntries(
    Array.from({ length: count }, (_, i) => [i, { email, password: 'guess guess guess' }]),
  );
  return fetch(`${server.url}/trpc/${paths}?batch=1`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
    },
    body: JSON.stringify(body),
  });
}

describe('batches', () => {
  it('take at most 20 calls; sign-ins packed into batches are throttled one by one', async () => {
    expect((await batchSignIn(50, server.users.agent.email)).status).toBe(400);
    const codes: string[] = [];
    for (let round = 0; round < 3; round++) {
      const response = await batchSignIn(20, server.users.agent.email);
      const results = (await response.json()) as { error?: { data: { code: string } } }[];
      codes.push(...results.map((result) => result.error?.data.code ?? 'OK'));
    }
    expect(codes).toHaveLength(60);
    expect(codes.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(10);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(50);
  });
});

describe('request limits', () => {
  it('answers 413 to a JSON body over the limit, before any procedure runs', async () => {
    const response = await fetch(`${server.url}/trpc/tickets.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'x', body: 'y'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
  });

  it('has a request timeout', () => {
    expect(server.app.server.requestTimeout).toBeGreaterThan(0);
  });

  it('ignores identity headers a proxy might be expected to set', async () => {
    const response = await fetch(`${server.url}/trpc/auth.me`, {
      headers: {
        'x-user-id': server.users.admin.id,
        'remote-user': server.users.admin.email,
        'x-forwarded-user': 'admin',
      },
    });
    expect((await response.json()).result.data).toBeNull();
  });

  it('never answers 500 to SQL metacharacters in search, sign-in or reset', async () => {
    const agent = await server.signedIn(server.users.agent);
    const corpus = [
      "'",
      '"',
      "' OR '1'='1",
      '1; DROP TABLE tickets; --',
      '%',
      '_',
      '\\',
      '*',
      '+-<>()~',
      'MATCH AGAINST',
      "') OR 1=1 --",
      '\u0000x',
      'a'.repeat(199),
    ];
    for (const text of corpus) {
      // Search refuses control characters (BAD_REQUEST); everything else is searched for as words.
      await agent.tickets.list.query({ search: text.split(String.fromCharCode(0)).join('') || 'x' });
      const signIn = await fetch(`${server.url}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.99' },
        body: JSON.stringify({ email: `${text}@example.test`, password: text }),
      });
      expect(signIn.status).toBeLessThan(500);
      const reset = await fetch(`${server.url}/trpc/account.requestPasswordReset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: text }),
      });
      expect(reset.status).toBeLessThan(500);
    }
  });
});

describe('served over HTTPS', () => {
  it('uses a Secure __Host- cookie and sends HSTS', async () => {
    const https = await startTestServer({ PUBLIC_URL: 'https://help.example.com' });
    try {
      const response = await fetch(`${https.url}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: https.users.customer.email, password: https.users.customer.password }),
      });
      const cookie = response.headers.getSetCookie()[0] ?? '';
      expect(cookie).toMatch(/^__Host-helpdesk_session=/);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toContain('Path=/');
      expect(cookie).not.toMatch(/Domain=/i);
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await https.close();
    }
  });
});

/** A TCP relay in front of the database, to pull the plug and put it back. */
