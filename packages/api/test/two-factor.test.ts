import { hashSecret } from '@helpdesk/auth';
import { OneTimeToken, RecoveryCode, User } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi, trpcCode } from '../src/testing.ts';
import { twoFactorKit, wrongCode as wrong } from './support/two-factor.ts';

let api: TestApi;
const { alignClock, codeFor, nextStep, freshUser, withTwoFactor, signIn, sessionsOf } = twoFactorKit(
  () => api,
);
beforeAll(async () => {
  api = await createTestApi();
  alignClock();
});
afterAll(() => api?.dispose());

describe('setting up', () => {
  it('answers a base32 secret and its otpauth address, and keeps it pending until enabled', async () => {
    const user = await freshUser();
    const caller = await api.as(user);
    const { secret, uri } = await caller.twoFactor.setup();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toMatch(new RegExp(`^otpauth://totp/Helpdesk:${encodeURIComponent(user.email)}\\?`));
    const params = new URL(uri).searchParams;
    expect([params.get('secret'), params.get('issuer')]).toEqual([secret, 'Helpdesk']);
    const stored = await api.em().findOneOrFail(User, user.id);
    expect([stored.totpSecret, stored.totpEnabledAt]).toEqual([secret, null]);
    expect(await caller.twoFactor.status()).toEqual({
      enabled: false,
      recoveryCodesLeft: 0,
      required: false,
    });
    // Pending is not on: signing in still starts a session at once.
    const result = await (await api.as(null)).auth.signIn({ email: user.email, password: user.password });
    expect(result.twoFactorRequired).toBe(false);
  });

  it('refuses a wrong code, then enables with the right one and shows ten recovery codes once', async () => {
    const user = await freshUser();
    const caller = await api.as(user);
    const { secret } = await caller.twoFactor.setup();
    expect(await trpcCode(caller.twoFactor.enable({ code: wrong(codeFor(secret)) }))).toBe('BAD_REQUEST');
    expect(await trpcCode(caller.twoFactor.enable({ code: codeFor(secret, 2) }))).toBe('BAD_REQUEST');
    expect((await api.em().findOneOrFail(User, user.id)).totpEnabledAt).toBeNull();
    expect(await api.em().count(RecoveryCode, { user: user.id })).toBe(0);

    const { recoveryCodes } = await caller.twoFactor.enable({ code: codeFor(secret) });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-km-z2-9]{4}-[a-km-z2-9]{4}-[a-km-z2-9]{4}$/);
    const rows = await api.em().find(RecoveryCode, { user: user.id });
    expect(rows.map((row) => row.codeHash).sort()).toEqual(
      recoveryCodes.map((code) => hashSecret(code.replaceAll('-', ''))).sort(),
    );
    expect((await api.em().findOneOrFail(User, user.id)).totpEnabledAt).toEqual(api.clock.now);
    expect(await caller.twoFactor.status()).toEqual({
      enabled: true,
      recoveryCodesLeft: 10,
      required: false,
    });
    // A second set-up would swap the secret under an enabled account.
    expect(await trpcCode(caller.twoFactor.setup())).toBe('CONFLICT');
    expect(await trpcCode(caller.twoFactor.enable({ code: codeFor(secret, 1) }))).toBe('CONFLICT');
  });

  it('needs a signed-in user and well-formed codes', async () => {
    const anonymous = await api.as(null);
    expect(await trpcCode(anonymous.twoFactor.setup())).toBe('UNAUTHORIZED');
    expect(await trpcCode(anonymous.twoFactor.status())).toBe('UNAUTHORIZED');
    const caller = await api.as(await freshUser());
    await caller.twoFactor.setup();
    for (const code of ['12345', '1234567', 'abcdef', { $ne: null }])
      expect(await trpcCode(caller.twoFactor.enable({ code } as never))).toBe('BAD_REQUEST');
  });
});

describe('signing in with two-factor sign-in on', () => {
  it('answers a stored-hashed challenge and no session', async () => {
    const { user } = await withTwoFactor();
    const before = await sessionsOf(user);
    const result = await (await api.as(null)).auth.signIn({ email: user.email, password: user.password });
    expect(Object.keys(result).sort()).toEqual(['challenge', 'twoFactorRequired']);
    if (!result.twoFactorRequired) throw new Error('expected a challenge');
    expect(await sessionsOf(user)).toBe(before);
    const row = await api.em().findOneOrFail(OneTimeToken, { user: user.id, purpose: 'two_factor' });
    expect(row.tokenHash).toBe(hashSecret(result.challenge));
    expect(row.expiresAt.getTime() - api.clock.now.getTime()).toBe(5 * 60_000);
  });

  it('completes with the right code: a session, and the challenge is used up', async () => {
    const { user, secret } = await withTwoFactor('agent');
    const challenge = await signIn(user);
    const before = await sessionsOf(user);
    const signedIn = await (await api.as(null)).twoFactor.completeSignIn({
      challenge,
      code: codeFor(secret),
    });
    expect(signedIn.user).toMatchObject({ id: user.id, role: 'agent' });
    expect(await sessionsOf(user)).toBe(before + 1);
    nextStep();
    expect(
      await trpcCode((await api.as(null)).twoFactor.completeSignIn({ challenge, code: codeFor(secret) })),
    ).toBe('UNAUTHORIZED');
  });

  it('accepts one step of clock drift either way, not two', async () => {
    const { user, secret } = await withTwoFactor();
    const anonymous = await api.as(null);
    expect(
      await trpcCode(
        anonymous.twoFactor.completeSignIn({ challenge: await signIn(user), code: codeFor(secret, -2) }),
      ),
    ).toBe('UNAUTHORIZED');
    expect(
      await trpcCode(
        anonymous.twoFactor.completeSignIn({ challenge: await signIn(user), code: codeFor(secret, 1) }),
      ),
    ).toBe('OK');
  });

  it('refuses a code used once already, and older codes after a newer one', async () => {
    const { user, secret } = await withTwoFactor();
    // Away from the step the enabling code used, so the previous step's code is unspent.
    nextStep();
    const anonymous = await api.as(null);
    const previous = codeFor(secret, -1);
    const code = codeFor(secret);
    await anonymous.twoFactor.completeSignIn({ challenge: await signIn(user), code });
    const challenge = await signIn(user);
    expect(await trpcCode(anonymous.twoFactor.completeSignIn({ challenge, code }))).toBe('UNAUTHORIZED');
    expect(await trpcCode(anonymous.twoFactor.completeSignIn({ challenge, code: previous }))).toBe(
      'UNAUTHORIZED',
    );
    // The same code stays spent in the next step too, while it would still be accepted.
    nextStep();
    expect(await trpcCode(anonymous.twoFactor.completeSignIn({ challenge, code }))).toBe('UNAUTHORIZED');
    expect(await trpcCode(anonymous.twoFactor.completeSignIn({ challenge, code: codeFor(secret) }))).toBe(
      'OK',
    );
  });

  it('gives one session for one code, however many requests race with it', async () => {
    const { user, secret } = await withTwoFactor();
    const challenges = [await signIn(user)];
    const before = await sessionsOf(user);
    const code = codeFor(secret);
    const anonymous = await api.as(null);
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        trpcCode(anonymous.twoFactor.completeSignIn({ challenge: challenges[0]!, code })),
      ),
    );
    expect(results.filter((result) => result === 'OK')).toHaveLength(1);
    expect(await sessionsOf(user)).toBe(before + 1);
  });

  it('voids the challenge after five wrong codes, even for the right one', async () => {
    const { user, secret } = await withTwoFactor();
    const challenge = await signIn(user);
    const anonymous = await api.as(null);
    const bad = wrong(codeFor(secret));
    const tries = await Promise.all(
      Array.from({ length: 5 }, () => trpcCode(anonymous.twoFactor.completeSignIn({ challenge, code: bad }))),
    );
    expect(tries).toEqual(Array(5).fill('UNAUTHORIZED'));
    expect(await api.em().count(OneTimeToken, { user: user.id, purpose: 'two_factor' })).toBe(0);
    expect(await trpcCode(anonymous.twoFactor.completeSignIn({ challenge, code: codeFor(secret) }))).toBe(
      'UNAUTHORIZED',
    );
    // A new challenge (the password again) works.
    expect(
      await trpcCode(
        anonymous.twoFactor.completeSignIn({ challenge: await signIn(user), code: codeFor(secret) }),
      ),
    ).toBe('OK');
  });

  it('does not give new guesses with new challenges: at most ten codes a quarter hour per user', async () => {
    const { user, secret } = await withTwoFactor();
    // A new quarter hour: the code that turned it on no longer counts.
    api.tick(15 * 60_000);
    const anonymous = await api.as(null);
    const bad = wrong(codeFor(secret));
    for (let round = 0; round < 2; round++) {
      const challenge = await signIn(user);
      for (let i = 0; i < 5; i++)
        expect(await trpcCode(anonymous.twoFactor.completeSignIn({ challenge, code: bad }))).toBe(
          'UNAUTHORIZED',
        );
    }
    const challenge = await signIn(user);
    expect(await trpcCode(anonymous.twoFactor.completeSignIn({ challenge, code: codeFor(secret) }))).toBe(
      'TOO_MANY_REQUESTS',
    );
    api.tick(15 * 60_000);
    expect(
      await trpcCode(
        anonymous.twoFactor.completeSignIn({ challenge: await signIn(user), code: codeFor(secret) }),
      ),
    ).toBe('OK');
  });

  it('lets a challenge expire after five minutes', async () => {
    const { user, secret } = await withTwoFactor();
    const challenge = await signIn(user);
    api.tick(5 * 60_000);
    expect(
      await trpcCode((await api.as(null)).twoFactor.completeSignIn({ challenge, code: codeFor(secret) })),
    ).toBe('UNAUTHORIZED');
  });

  it('accepts a recovery code once, typed in any case and without dashes', async () => {
    const { user, caller, recoveryCodes } = await withTwoFactor();
    const anonymous = await api.as(null);
    const recoveryCode = recoveryCodes[3]!;
    const typed = recoveryCode.replaceAll('-', '').toUpperCase();
    const signedIn = await anonymous.twoFactor.completeSignIn({
      challenge: await signIn(user),
      recoveryCode: typed,
    });
    expect(signedIn.user.id).toBe(user.id);
    expect((await caller.twoFactor.status()).recoveryCodesLeft).toBe(9);
    expect(
      await trpcCode(anonymous.twoFactor.completeSignIn({ challenge: await signIn(user), recoveryCode })),
    ).toBe('UNAUTHORIZED');
    expect(
      await trpcCode(
        anonymous.twoFactor.completeSignIn({ challenge: await signIn(user), recoveryCode: 'abcd-efgh-ijkm' }),
      ),
    ).toBe('UNAUTHORIZED');
  });

  it('refuses malformed input and unknown challenges', async () => {
    const anonymous = await api.as(null);
    const challenge = 'a'.repeat(24);
    expect(await trpcCode(anonymous.twoFactor.completeSignIn({ challenge, code: '123456' }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await trpcCode(anonymous.twoFactor.completeSignIn({ challenge: 'short', code: '123456' }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await trpcCode(
        anonymous.twoFactor.completeSignIn({
          challenge,
          code: '123456',
          recoveryCode: 'abcd-efgh-ijkm',
        } as never),
      ),
    ).toBe('BAD_REQUEST');
  });
});
