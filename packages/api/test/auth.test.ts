import { User } from '@helpdesk/db';
import type { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api?.dispose());

describe('auth.signUp', () => {
  it('creates a customer, normalises the email and signs in', async () => {
    const anonymous = await api.as(null);
    const result = await anonymous.auth.signUp({
      email: ' New.Person@Example.TEST ',
      password: 'long enough',
      name: 'New',
    });
    expect(result.user).toMatchObject({ email: 'new.person@example.test', role: 'customer', name: 'New' });
    const stored = await api.em().findOneOrFail(User, { email: 'new.person@example.test' });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('answers CONFLICT for an address already taken, whatever its case', async () => {
    const anonymous = await api.as(null);
    await expect(
      anonymous.auth.signUp({
        email: api.users.customer.email.toUpperCase(),
        password: 'long enough',
        name: 'Dup',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already exists/) });
  });

  it('refuses a role in the input, and short passwords, as BAD_REQUEST', async () => {
    const anonymous = await api.as(null);
    const before = await api.em().count(User);
    expect(
      await trpcCode(
        anonymous.auth.signUp({
          email: 'x@example.test',
          password: 'long enough',
          name: 'X',
          role: 'admin',
        } as never),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      await trpcCode(anonymous.auth.signUp({ email: 'y@example.test', password: 'short', name: 'Y' })),
    ).toBe('BAD_REQUEST');
    expect(await api.em().count(User)).toBe(before);
  });
});

describe('auth.signIn', () => {
  it('signs in with the right password', async () => {
    const anonymous = await api.as(null);
    const result = await anonymous.auth.signIn({
      email: api.users.agent.email,
      password: api.users.agent.password,
    });
    expect(result).toMatchObject({ twoFactorRequired: false, user: { role: 'agent' } });
  });

  it('answers the same error for a wrong password and an unknown address', async () => {
    const anonymous = await api.as(null);
    const wrong = anonymous.auth.signIn({ email: api.users.agent.email, password: 'wrong password' });
    const unknown = anonymous.auth.signIn({ email: 'nobody@example.test', password: 'wrong password' });
    const [a, b] = await Promise.allSettled([wrong, unknown]);
    expect(a.status).toBe('rejected');
    expect(b.status).toBe('rejected');
    const errorA = (a as PromiseRejectedResult).reason as TRPCError;
    const errorB = (b as PromiseRejectedResult).reason as TRPCError;
    expect(errorA.code).toBe('UNAUTHORIZED');
    expect([errorB.code, errorB.message]).toEqual([errorA.code, errorA.message]);
  });

  it('refuses deactivated accounts with the same error', async () => {
    const em = api.em();
    await em.nativeUpdate(User, { id: api.users.otherCustomer.id }, { active: false });
    const anonymous = await api.as(null);
    await expect(
      anonymous.auth.signIn({
        email: api.users.otherCustomer.email,
        password: api.users.otherCustomer.password,
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email address or password' });
    await em.nativeUpdate(User, { id: api.users.otherCustomer.id }, { active: true });
  });
});

describe('auth.me and auth.signOut', () => {
  it('me answers null when signed out and the user when signed in', async () => {
    expect(await (await api.as(null)).auth.me()).toBeNull();
    expect(await (await api.as(api.users.admin)).auth.me()).toMatchObject({
      role: 'admin',
      email: api.users.admin.email,
    });
  });

  it('signOut ends the session: the same token is refused afterwards', async () => {
    const caller = await api.as(api.users.customer);
    expect(await caller.auth.me()).not.toBeNull();
    await caller.auth.signOut();
    expect(await caller.auth.me()).toBeNull();
    expect(await trpcCode(caller.tickets.list({}))).toBe('UNAUTHORIZED');
  });

  it('signOut needs a session', async () => {
    expect(await trpcCode((await api.as(null)).auth.signOut())).toBe('UNAUTHORIZED');
  });
});
