import { createHelpdeskClient, errorCode } from '@helpdesk/client';
import { ApiToken } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return errorCode(error) ?? 'unknown';
  }
}

describe('personal API tokens over HTTP', () => {
  it('a script authenticates with `token` (Authorization: Bearer) within its scopes', async () => {
    const browser = await server.signedIn(server.users.agent);
    const { token, apiToken } = await browser.apiTokens.create.mutate({
      name: 'Nightly export',
      scopes: ['read'],
    });
    const script = createHelpdeskClient({ url: server.url, token });
    expect(await script.auth.me.query()).toMatchObject({ id: server.users.agent.id, role: 'agent' });
    expect((await script.tickets.list.query({ limit: 5 })).items).toBeInstanceOf(Array);
    expect(await codeOf(script.tickets.create.mutate({ subject: 'From a script', body: 'Hello' }))).toBe(
      'FORBIDDEN',
    );
    expect(await codeOf(script.apiTokens.create.mutate({ name: 'Child', scopes: ['read'] }))).toBe(
      'FORBIDDEN',
    );

    // Stored hashed, never logged.
    const secret = token.split('_')[2] ?? '';
    const row = await server.db.orm.em.fork().findOneOrFail(ApiToken, apiToken.id);
    expect(row.secretHash).not.toContain(secret);
    expect(server.logs.join('\n')).not.toContain(secret);

    await browser.apiTokens.revoke.mutate({ id: apiToken.id });
    expect(await codeOf(script.tickets.list.query({ limit: 5 }))).toBe('UNAUTHORIZED');
    expect(await script.auth.me.query()).toBeNull();
  });

  it('is refused as a session cookie; as a bearer token it sets no cookie', async () => {
    const browser = await server.signedIn(server.users.customer);
    const { token } = await browser.apiTokens.create.mutate({ name: 'Cookie?', scopes: ['write'] });
    const response = await fetch(`${server.url}/trpc/auth.me`, {
      headers: { cookie: `helpdesk_session=${token}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { data: unknown } }).result.data).toBeNull();
    const bearer = await fetch(`${server.url}/trpc/auth.me`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(bearer.headers.getSetCookie()).toEqual([]);
    expect(((await bearer.json()) as { result: { data: { id: string } } }).result.data.id).toBe(
      server.users.customer.id,
    );
  });
});
