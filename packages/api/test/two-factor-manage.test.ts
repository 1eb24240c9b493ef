import { createSession } from '@helpdesk/auth';
import { RecoveryCode, Setting, User } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/context.ts';
import { createCaller } from '../src/root.ts';
import { createTestApi, type TestApi, trpcCode } from '../src/testing.ts';
import { twoFactorKit, wrongCode as wrong } from './support/two-factor.ts';

let api: TestApi;
const { alignClock, codeFor, freshUser, withTwoFactor, signIn } = twoFactorKit(() => api);
beforeAll(async () => {
  api = await createTestApi();
  alignClock();
});
afterAll(() => api?.dispose());

describe('turning it off and new recovery codes', () => {
  it('turning off needs the password and a code', async () => {
    const { user, caller, secret } = await withTwoFactor();
    const password = user.password;
    expect(
      await trpcCode(caller.twoFactor.disable({ password: 'not my password', code: codeFor(secret) })),
    ).toBe('BAD_REQUEST');
    expect(await trpcCode(caller.twoFactor.disable({ password, code: wrong(codeFor(secret)) }))).toBe(
      'BAD_REQUEST',
    );
    expect((await caller.twoFactor.status()).enabled).toBe(true);
    expect(await caller.twoFactor.disable({ password, code: codeFor(secret) })).toEqual({
      enabled: false,
      recoveryCodesLeft: 0,
      required: false,
    });
    const stored = await api.em().findOneOrFail(User, user.id);
    expect([stored.totpSecret, stored.totpEnabledAt]).toEqual([null, null]);
    expect(await api.em().count(RecoveryCode, { user: user.id })).toBe(0);
    const result = await (await api.as(null)).auth.signIn({ email: user.email, password });
    expect(result.twoFactorRequired).toBe(false);
    expect(await trpcCode(caller.twoFactor.disable({ password, code: codeFor(secret) }))).toBe('CONFLICT');
  });

  it('turning off works with a recovery code instead of a code, and ends pending challenges', async () => {
    const { user, caller, recoveryCodes } = await withTwoFactor();
    const challenge = await signIn(user);
    await caller.twoFactor.disable({ password: user.password, recoveryCode: recoveryCodes[0]! });
    expect((await caller.twoFactor.status()).enabled).toBe(false);
    expect(
      await trpcCode(
        (await api.as(null)).twoFactor.completeSignIn({ challenge, recoveryCode: recoveryCodes[1]! }),
      ),
    ).toBe('UNAUTHORIZED');
  });

  it('new recovery codes need a right code and replace the old ones', async () => {
    const { user, caller, secret, recoveryCodes } = await withTwoFactor();
    expect(await trpcCode(caller.twoFactor.regenerateRecoveryCodes({ code: wrong(codeFor(secret)) }))).toBe(
      'BAD_REQUEST',
    );
    const fresh = await caller.twoFactor.regenerateRecoveryCodes({ code: codeFor(secret) });
    expect(fresh.recoveryCodes).toHaveLength(10);
    expect(fresh.recoveryCodes.some((code) => recoveryCodes.includes(code))).toBe(false);
    const anonymous = await api.as(null);
    expect(
      await trpcCode(
        anonymous.twoFactor.completeSignIn({
          challenge: await signIn(user),
          recoveryCode: recoveryCodes[0]!,
        }),
      ),
    ).toBe('UNAUTHORIZED');
    expect(
      await trpcCode(
        anonymous.twoFactor.completeSignIn({
          challenge: await signIn(user),
          recoveryCode: fresh.recoveryCodes[0]!,
        }),
      ),
    ).toBe('OK');
  });
});

describe('requireTwoFactorForStaff', () => {
  async function setRequired(value: boolean) {
    const em = api.em();
    await em.upsert(Setting, { key: 'requireTwoFactorForStaff', value, updatedAt: api.clock.now });
  }

  it('lets staff without it sign in, set it up and sign out, and nothing else', async () => {
    const agent = await freshUser('agent');
    const admin = await freshUser('admin');
    const enrolled = await withTwoFactor('agent');
    const customer = await api.as(await freshUser());
    await setRequired(true);
    try {
      const caller = await api.as(agent);
      const refused = caller.tickets.list({});
      await expect(refused).rejects.toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/two-factor/),
      });
      expect(await trpcCode(caller.settings.get())).toBe('FORBIDDEN');
      expect(await trpcCode((await api.as(admin)).audit.list({}))).toBe('FORBIDDEN');
      expect((await caller.auth.me())?.id).toBe(agent.id);
      expect(await caller.twoFactor.status()).toEqual({
        enabled: false,
        recoveryCodesLeft: 0,
        required: true,
      });
      // Customers and staff who have it on carry on.
      expect(await trpcCode(customer.tickets.list({}))).toBe('OK');
      expect(await trpcCode(enrolled.caller.tickets.list({}))).toBe('OK');
      // Setting it up is allowed, and lifts the block from the next request on.
      const { secret } = await caller.twoFactor.setup();
      await caller.twoFactor.enable({ code: codeFor(secret) });
      expect(await trpcCode(caller.tickets.list({}))).toBe('OK');
      expect(await trpcCode(caller.auth.signOut())).toBe('OK');
    } finally {
      await setRequired(false);
    }
    expect(await trpcCode((await api.as(admin)).audit.list({}))).toBe('OK');
  });

  it('reads the setting once per request, and only for staff without two-factor sign-in', async () => {
    const agent = await freshUser('agent');
    const fork = api.em();
    const { token } = await createSession(
      fork,
      await fork.findOneOrFail(User, agent.id),
      api.config.session,
      {},
      api.clock.now,
    );
    const context = await createContext({
      em: api.em(),
      config: api.config,
      now: () => api.clock.now,
      request: { requestId: 'test', ip: '127.0.0.1', userAgent: 'vitest' },
      sessionToken: token,
      tokenSource: 'bearer',
      cookies: { set() {}, clear() {} },
    });
    const oneRequest = createCaller(context);
    const settingsReads = (queries: string[]) =>
      queries.filter((sql) => /from [`"]settings[`"]/i.test(sql)).length;
    const { queries } = await api.db.recordQueries(async () => {
      await oneRequest.tickets.list({});
      await oneRequest.tickets.list({ status: ['open'] });
    });
    expect(settingsReads(queries)).toBe(1);
    const customer = await api.as(await freshUser());
    const { queries: customerQueries } = await api.db.recordQueries(() => customer.tickets.list({}));
    expect(settingsReads(customerQueries)).toBe(0);
  });
});
