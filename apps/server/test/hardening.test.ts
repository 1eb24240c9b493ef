import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    ALLOWED_ORIGINS: 'https://portal.example.com',
    RATE_LIMIT_PER_MINUTE: '0',
  });
});
afterAll(() => server?.close());

function expectSecurityHeaders(response: Response) {
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  const csp = response.headers.get('content-security-policy') ?? '';
  for (const directive of [
    "default-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ]) {
    expect(csp).toContain(directive);
  }
  expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  expect(response.headers.get('x-frame-options')).toBe('DENY');
  // The rest of helmet's set, as its own middleware sets them.
  expect(response.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
  expect(response.headers.get('origin-agent-cluster')).toBe('?1');
  expect(response.headers.get('x-dns-prefetch-control')).toBe('off');
  expect(response.headers.get('x-download-options')).toBe('noopen');
  expect(response.headers.get('x-permitted-cross-domain-policies')).toBe('none');
  expect(response.headers.get('x-xss-protection')).toBe('0');
  // HSTS only where the server is reached over HTTPS (PUBLIC_URL https://…).
  expect(response.headers.get('strict-transport-security')).toBeNull();
}

describe('security headers', () => {
  it('are on every response: success, 404, tRPC errors, refused cross-site requests', async () => {
    expectSecurityHeaders(await fetch(`${server.url}/health`));
    const missing = await fetch(`${server.url}/nope`);
    expect(missing.status).toBe(404);
    expectSecurityHeaders(missing);
    const unauthorized = await fetch(`${server.url}/trpc/tickets.list?input=%7B%7D`);
    expect(unauthorized.status).toBe(401);
    expectSecurityHeaders(unauthorized);
    const crossSite = await fetch(`${server.url}/trpc/auth.signOut`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expectSecurityHeaders(crossSite);
  });

  it('keep Origin in Vary beside what tRPC varies on, for allowed origins and everyone else', async () => {
    for (const headers of [{ origin: 'https://portal.example.com' }, {}] as Record<string, string>[]) {
      const response = await fetch(`${server.url}/trpc/auth.me?batch=1&input=%7B%7D`, { headers });
      expect(response.headers.get('vary')).toBe('trpc-accept, accept, Origin');
    }
    expect((await fetch(`${server.url}/health`)).headers.get('vary')).toBe('Origin');
  });

  it('add HSTS where the desk is reached over HTTPS', async () => {
    const secure = await startTestServer({ PUBLIC_URL: 'https://desk.example.com' });
    try {
      const response = await fetch(`${secure.url}/health`);
      expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    } finally {
      await secure.close();
    }
  });

  it('never carry a stack or SQL in an error body', async () => {
    const response = await fetch(
      `${server.url}/trpc/tickets.get?input=${encodeURIComponent('{"id":{"$ne":null}}')}`,
    );
    expect(response.status).toBe(401);
    const bad = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": ',
    });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).not.toMatch(/stack|\.ts:\d+|select |SQLITE|ER_/i);
  });
});

describe('CORS', () => {
  it('allows exactly the configured origins, with credentials, and never reflects others', async () => {
    const allowed = await fetch(`${server.url}/trpc/auth.me`, {
      headers: { origin: 'https://portal.example.com' },
    });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://portal.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    const other = await fetch(`${server.url}/trpc/auth.me`, {
      headers: { origin: 'https://portal.example.com.evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${server.url}/trpc/tickets.create`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('request rate limit', () => {
  it('answers 429 beyond the limit, keyed on the real client address', async () => {
    const limited = await startTestServer({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        // A spoofed X-Forwarded-For from an untrusted client does not buy a fresh bucket.
        const response = await fetch(`${limited.url}/health`, {
          headers: { 'x-forwarded-for': `10.0.0.${i}` },
        });
        statuses.push(response.status);
        if (response.status === 429) {
          expect((await response.json()).error.data.code).toBe('TOO_MANY_REQUESTS');
          expectSecurityHeaders(response);
        }
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('believes X-Forwarded-For only from a configured proxy', async () => {
    const behindProxy = await startTestServer({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' });
    try {
      const statuses: number[] = [];
      for (const client of ['192.0.2.1', '192.0.2.1', '192.0.2.1', '192.0.2.2']) {
        statuses.push(
          (await fetch(`${behindProxy.url}/health`, { headers: { 'x-forwarded-for': client } })).status,
        );
      }
      expect(statuses).toEqual([200, 200, 429, 200]);
    } finally {
      await behindProxy.close();
    }
  });

  it('is shared by several instances through Redis', async () => {
    const redisUrl = 'redis://127.0.0.1:6379';
    const env = { RATE_LIMIT_PER_MINUTE: '4', REDIS_URL: redisUrl, TRUST_PROXY: '127.0.0.1' };
    const a = await startTestServer(env);
    const b = await startTestServer(env);
    try {
      const client = `198.18.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
      const statuses: number[] = [];
      for (const instance of [a, b, a, b, a, b]) {
        statuses.push(
          (await fetch(`${instance.url}/health`, { headers: { 'x-forwarded-for': client } })).status,
        );
      }
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
