import { errorCode, fieldErrors, TRPCClientError } from '@helpdesk/client';
import { Ticket } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ALLOWED_ORIGINS: 'https://portal.example.com' });
});
afterAll(() => server?.close());

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('GET /health', () => {
  it('answers 200 with the database it uses', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      database: { dialect: server.db.dialect, status: 'ok' },
    });
  });
});

describe('the slice over HTTP through @helpdesk/client', () => {
  it('customer signs up and asks; agent finds, notes, answers and solves; customer reads the answer', async () => {
    const customer = server.browser();
    const { user } = await customer.auth.signUp.mutate({
      email: 'walk@in.example',
      password: 'walk-in password',
      name: 'Walk In',
    });
    expect(user.role).toBe('customer');
    const created = await customer.tickets.create.mutate({
      subject: 'Lost parcel',
      body: 'Tracking says delivered',
    });

    const agent = await server.signedIn(server.users.agent);
    const found = await agent.tickets.list.query({ search: 'parcel' });
    expect(found.items.map((item) => item.id)).toEqual([created.id]);
    await agent.tickets.reply.mutate({
      ticketId: created.id,
      body: 'Courier blamed, refund coming',
      internal: true,
    });
    const reply = await agent.tickets.reply.mutate({ ticketId: created.id, body: 'We are on it' });
    const solved = await agent.tickets.update.mutate({
      id: created.id,
      version: reply.ticket.version ?? 0,
      status: 'solved',
    });
    expect(solved.status).toBe('solved');

    const seen = await customer.tickets.get.query({ id: created.id });
    expect(seen.status).toBe('solved');
    expect(seen.messages.map((message) => message.body)).toEqual(['Tracking says delivered', 'We are on it']);
    expect(JSON.stringify(seen)).not.toContain('Courier blamed');
  });

  it('batches calls made together into one request', async () => {
    const agent = await server.signedIn(server.users.agent);
    const [me, list] = await Promise.all([agent.auth.me.query(), agent.tickets.list.query({ limit: 1 })]);
    expect(me?.role).toBe('agent');
    expect(list.items.length).toBeLessThanOrEqual(1);
  });

  it('accepts the session token as a bearer token for scripts', async () => {
    const browser = await server.signedIn(server.users.admin);
    const token = server.cookiesOf(browser).get('helpdesk_session');
    expect(token).toBeDefined();
    const { createHelpdeskClient } = await import('@helpdesk/client');
    const script = createHelpdeskClient({ url: server.url, token });
    expect((await script.auth.me.query())?.role).toBe('admin');
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, Path=/, host-only, and not Secure on plain http', async () => {
    const response = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: server.users.customer.email, password: server.users.customer.password }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^helpdesk_session=[a-km-z2-9]{24}\.[a-km-z2-9]{24};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toMatch(/Domain=/i);
    expect(cookie).not.toMatch(/Secure/);
    // The token never appears in a response body.
    const token = cookie.split(';')[0]?.split('=')[1] ?? '';
    expect(await response.text()).not.toContain(token);
  });

  it('is cleared at sign-out and the old token is refused afterwards', async () => {
    const browser = await server.signedIn(server.users.customer);
    const token = server.cookiesOf(browser).get('helpdesk_session');
    await browser.auth.signOut.mutate();
    expect(server.cookiesOf(browser).has('helpdesk_session')).toBe(false);
    const replay = await fetch(`${server.url}/trpc/tickets.list?input=${encodeURIComponent('{}')}`, {
      headers: { cookie: `helpdesk_session=${token}` },
    });
    expect(replay.status).toBe(401);
  });
});

describe('cross-site requests', () => {
  async function attempt(headers: Record<string, string>, contentType = 'application/json') {
    const browser = await server.signedIn(server.users.customer);
    const token = server.cookiesOf(browser).get('helpdesk_session');
    const before = await server.db.orm.em.fork().count(Ticket);
    const response = await fetch(`${server.url}/trpc/tickets.create`, {
      method: 'POST',
      headers: { 'content-type': contentType, cookie: `helpdesk_session=${token}`, ...headers },
      body: JSON.stringify({ subject: 'Forged', body: 'by another site' }),
    });
    const after = await server.db.orm.em.fork().count(Ticket);
    return { status: response.status, created: after - before };
  }

  it('refuses a mutation from another site and changes nothing', async () => {
    expect(await attempt({ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' })).toEqual({
      status: 403,
      created: 0,
    });
    expect(await attempt({ 'sec-fetch-site': 'cross-site' })).toEqual({ status: 403, created: 0 });
    expect(await attempt({ origin: 'https://evil.example' })).toEqual({ status: 403, created: 0 });
    expect(await attempt({ 'sec-fetch-site': 'same-site', origin: 'https://sub.localhost' })).toEqual({
      status: 403,
      created: 0,
    });
  });

  it('refuses bodies browsers send without a preflight (text/plain, multipart)', async () => {
    expect(await attempt({ origin: 'https://evil.example' }, 'text/plain')).toEqual({
      status: 403,
      created: 0,
    });
    expect(await attempt({ origin: 'https://evil.example' }, 'multipart/form-data; boundary=x')).toEqual({
      status: 403,
      created: 0,
    });
  });

  it('accepts same-origin pages and allowed front-end origins', async () => {
    expect(await attempt({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost:0' })).toEqual({
      status: 200,
      created: 1,
    });
    expect(await attempt({ 'sec-fetch-site': 'cross-site', origin: 'https://portal.example.com' })).toEqual({
      status: 200,
      created: 1,
    });
  });
});

describe('responses', () => {
  it('are never cached and carry a request id', async () => {
    const response = await fetch(`${server.url}/trpc/auth.me`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('explain bad input per field, with a request id and no stack', async () => {
    const customer = await server.signedIn(server.users.customer);
    const error = await rejection(customer.tickets.create.mutate({ subject: '', body: 'x'.repeat(20_001) }));
    expect(error).toBeInstanceOf(TRPCClientError);
    expect(errorCode(error)).toBe('BAD_REQUEST');
    expect(Object.keys(fieldErrors(error)).sort()).toEqual(['body', 'subject']);
    const data = (error as TRPCClientError<never>).data as unknown as Record<string, unknown>;
    expect(data.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(data)).not.toMatch(/stack|at .*\.ts:\d+/);
  });

  it('name the field of a rule-based refusal, with a message ready to show next to it', async () => {
    const agent = await server.signedIn(server.users.agent);
    const error = await rejection(
      agent.account.changePassword.mutate({
        currentPassword: 'not my password at all',
        newPassword: 'a brand new passphrase',
        signOutOtherSessions: false,
      }),
    );
    expect(errorCode(error)).toBe('BAD_REQUEST');
    const [message] = fieldErrors(error).currentPassword ?? [];
    expect(message).toBeTruthy();
    expect(message).not.toMatch(/^currentPassword:/);
  });

  it('answer 404 for an unknown procedure and 405-style errors for the wrong method', async () => {
    expect((await fetch(`${server.url}/trpc/tickets.nope`)).status).toBe(404);
    const query = await fetch(`${server.url}/trpc/tickets.create`);
    expect(query.status).toBeGreaterThanOrEqual(400);
    expect(query.status).toBeLessThan(500);
  });

  it('are UNAUTHORIZED without a session and FORBIDDEN for the wrong role', async () => {
    const anonymous = server.browser();
    expect(errorCode(await rejection(anonymous.tickets.list.query({})))).toBe('UNAUTHORIZED');
    const customer = await server.signedIn(server.users.customer);
    expect(
      errorCode(
        await rejection(customer.tickets.update.mutate({ id: '0'.repeat(26), version: 1, status: 'open' })),
      ),
    ).toBe('FORBIDDEN');
  });
});
