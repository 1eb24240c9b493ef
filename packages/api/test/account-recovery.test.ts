import { hashSecret } from '@helpdesk/auth';
import { OneTimeToken, OutboxMail, Session, User } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
let anonymous: Caller;

beforeAll(async () => {
  api = await createTestApi();
  anonymous = await api.as(null);
});
afterAll(() => api?.dispose());

/** The token of the newest mail of this kind to this address (it travels in the link's fragment). */
async function tokenFromMail(to: string, kind: string) {
  const mails = await api.em().find(OutboxMail, { to, kind }, { orderBy: { createdAt: 'desc', id: 'desc' } });
  const text = mails[0]?.text ?? '';
  const match = text.match(/\{\{PUBLIC_URL\}\}\/[a-z-]+#token=([a-z0-9]+)/);
  if (!match?.[1]) throw new Error(`no ${kind} link mailed to ${to}`);
  return match[1];
}

async function mailCount(to: string, kind: string) {
  return api.em().count(OutboxMail, { to, kind });
}

describe('password reset', () => {
  it('answers the same for known and unknown addresses, and mails only real accounts', async () => {
    const known = await anonymous.account.requestPasswordReset({ email: api.users.customer.email });
    const unknown = await anonymous.account.requestPasswordReset({ email: 'nobody@example.test' });
    expect(unknown).toEqual(known);
    expect(await mailCount(api.users.customer.email, 'password_reset')).toBe(1);
    expect(await mailCount('nobody@example.test', 'password_reset')).toBe(0);
  });

  it('uses a long random token stored only as a hash, once, within the hour, without signing in', async () => {
    const email = api.users.customer.email;
    const token = await tokenFromMail(email, 'password_reset');
    expect(token.length * 5).toBeGreaterThanOrEqual(128);
    const stored = await api
      .em()
      .findOneOrFail(OneTimeToken, { purpose: 'reset_password', user: api.users.customer.id });
    expect(stored.tokenHash).toBe(hashSecret(token));
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeLessThanOrEqual(3_600_000);

    const signedIn = await api.as(api.users.customer);
    expect(await signedIn.auth.me()).not.toBeNull();
    expect(await anonymous.account.resetPassword({ token, password: 'brand new password' })).toEqual({
      reset: true,
    });
    // Every session ended, and none was started.
    expect(await api.em().count(Session, { user: api.users.customer.id })).toBe(0);
    expect(await signedIn.auth.me()).toBeNull();
    expect(await trpcCode(anonymous.account.resetPassword({ token, password: 'another password' }))).toBe(
      'BAD_REQUEST',
    );
    await anonymous.auth.signIn({ email, password: 'brand new password' });
    expect(await mailCount(email, 'password_changed')).toBe(1);
  });

  it('expires after an hour, and a newer request voids the older link', async () => {
    const email = api.users.agent.email;
    await anonymous.account.requestPasswordReset({ email });
    const first = await tokenFromMail(email, 'password_reset');
    await anonymous.account.requestPasswordReset({ email });
    const second = await tokenFromMail(email, 'password_reset');
    expect(second).not.toBe(first);
    expect(
      await trpcCode(anonymous.account.resetPassword({ token: first, password: 'whatever works' })),
    ).toBe('BAD_REQUEST');
    api.tick(3_600_001);
    expect(
      await trpcCode(anonymous.account.resetPassword({ token: second, password: 'whatever works' })),
    ).toBe('BAD_REQUEST');
  });

  it('stops working when the account is deactivated', async () => {
    const email = api.users.otherCustomer.email;
    await anonymous.account.requestPasswordReset({ email });
    const token = await tokenFromMail(email, 'password_reset');
    await (await api.as(api.users.admin)).users.setActive({
      userId: api.users.otherCustomer.id,
      active: false,
    });
    expect(await trpcCode(anonymous.account.resetPassword({ token, password: 'whatever works' }))).toBe(
      'BAD_REQUEST',
    );
    await (await api.as(api.users.admin)).users.setActive({
      userId: api.users.otherCustomer.id,
      active: true,
    });
  });

  it('builds links from configuration only, and refuses forged tokens', async () => {
    const mail = await api
      .em()
      .findOneOrFail(OutboxMail, { kind: 'password_reset' }, { orderBy: { createdAt: 'desc' } });
    expect(mail.text).toContain('{{PUBLIC_URL}}/reset-password#token=');
    expect(
      await trpcCode(anonymous.account.resetPassword({ token: 'a'.repeat(48), password: 'whatever works' })),
    ).toBe('BAD_REQUEST');
    expect(
      await trpcCode(anonymous.account.resetPassword({ token: "' or 1=1 --", password: 'whatever works' })),
    ).toBe('BAD_REQUEST');
  });
});

describe('email verification', () => {
  it('is mailed at sign-up and confirms the address once', async () => {
    const { user } = await anonymous.auth.signUp({
      email: 'verify.me@example.test',
      password: 'long enough',
      name: 'Vera',
    });
    const token = await tokenFromMail('verify.me@example.test', 'verify_email');
    expect((await api.em().findOneOrFail(User, user.id)).emailVerifiedAt).toBeNull();
    await anonymous.account.verifyEmail({ token });
    expect((await api.em().findOneOrFail(User, user.id)).emailVerifiedAt).not.toBeNull();
    expect(await trpcCode(anonymous.account.verifyEmail({ token }))).toBe('BAD_REQUEST');
  });

  it('sign-up writes nothing when the address is taken', async () => {
    const before = await api.em().count(OutboxMail);
    expect(
      await trpcCode(
        anonymous.auth.signUp({ email: 'verify.me@example.test', password: 'long enough', name: 'Dup' }),
      ),
    ).toBe('CONFLICT');
    expect(await api.em().count(OutboxMail)).toBe(before);
  });
});

describe('invitations', () => {
  it('an invited agent chooses a password from the link and signs in', async () => {
    const admin = await api.as(api.users.admin);
    const invited = await admin.users.invite({
      email: 'new.agent@example.test',
      name: 'Nina',
      role: 'agent',
    });
    expect(invited).toMatchObject({ role: 'agent', invitationPending: true });
    expect(
      await trpcCode(anonymous.auth.signIn({ email: 'new.agent@example.test', password: 'anything at all' })),
    ).toBe('UNAUTHORIZED');
    const token = await tokenFromMail('new.agent@example.test', 'invite');
    await anonymous.account.acceptInvite({ token, password: 'my agent password' });
    const result = await anonymous.auth.signIn({
      email: 'new.agent@example.test',
      password: 'my agent password',
    });
    expect(result).toMatchObject({ twoFactorRequired: false, user: { role: 'agent' } });
  });

  it('never touches an existing account, not even a deactivated one', async () => {
    const admin = await api.as(api.users.admin);
    const victim = await api.em().findOneOrFail(User, { email: 'verify.me@example.test' });
    await admin.users.setActive({ userId: victim.id, active: false });
    expect(
      await trpcCode(admin.users.invite({ email: 'verify.me@example.test', name: 'X', role: 'admin' })),
    ).toBe('CONFLICT');
    const after = await api.em().findOneOrFail(User, victim.id);
    expect([after.active, after.role]).toEqual([false, 'customer']);
  });
});
