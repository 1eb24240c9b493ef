import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

const codeAt = (secret: string, at: Date) =>
  generateHOTP(decodeBase32IgnorePadding(secret), BigInt(Math.floor(at.getTime() / 30_000)), 6);

describe('two-factor sign-in over HTTP', () => {
  it('sets the session cookie only when the second step completes', async () => {
    const user = server.users.admin;
    const setup = await server.signedIn(user);
    const { secret } = await setup.twoFactor.setup.mutate();
    await setup.twoFactor.enable.mutate({ code: codeAt(secret, server.clock.now) });
    server.clock.now = new Date(server.clock.now.getTime() + 30_000);

    const response = await fetch(`${server.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    expect(response.headers.getSetCookie()).toEqual([]);
    const { challenge } = ((await response.json()) as { result: { data: { challenge: string } } }).result
      .data;

    const browser = server.browser();
    const signedIn = await browser.twoFactor.completeSignIn.mutate({
      challenge,
      code: codeAt(secret, server.clock.now),
    });
    expect(signedIn.user.id).toBe(user.id);
    expect(server.cookiesOf(browser).get('helpdesk_session')).toMatch(/^[a-km-z2-9]{24}\.[a-km-z2-9]{24}$/);
    expect((await browser.auth.me.query())?.id).toBe(user.id);
  });
});
