import { hashSecret } from '@helpdesk/auth';
import { ApiToken, Setting, User } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../src/context.ts';
import { createCaller } from '../src/root.ts';
import { createTestApi, makeUser, type TestApi, type TestUser, trpcCode } from '../src/testing.ts';

let api: TestApi;
beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api?.dispose());

const TOKEN = /^hd_([a-km-z2-9]{24})_([a-km-z2-9]{24})$/;

/** A caller whose every request carries `Authorization: Bearer <token>` (or the token in a cookie). */
function withToken(token: string, tokenSource: 'bearer' | 'cookie' = 'bearer') {
  return createCaller(() =>
    createContext({
      em: api.em(),
      config: api.config,
      now: () => api.clock.now,
      request: { requestId: 'test', ip: '127.0.0.1', userAgent: 'vitest' },
      sessionToken: token,
      tokenSource,
      cookies: { set() {}, clear() {} },
    }),
  );
}

async function tokenFor(user: TestUser, scopes: ('read' | 'write' | 'admin')[], expiresInDays?: number) {
  const created = await (await api.as(user)).apiTokens.create({
    name: `${scopes.join('+')} script`,
    scopes,
    expiresInDays,
  });
  return created.token;
}

const newTicket = { subject: 'Sent by a script', body: 'Hello from cron.' };

describe('apiTokens.create', () => {
  it('answers the token once and stores only the hash of its secret', async () => {
    const caller = await api.as(api.users.customer);
    const { token, apiToken } = await caller.apiTokens.create({
      name: 'Backup',
      scopes: ['read'],
      expiresInDays: 30,
    });
    const [, id, secret] = TOKEN.exec(token) ?? [];
    expect(id).toBeDefined();
    expect(apiToken).toEqual({
      id,
      name: 'Backup',
      scopes: ['read'],
      createdAt: api.clock.now.toISOString(),
      expiresAt: new Date(api.clock.now.getTime() + 30 * 24 * 60 * 60_000).toISOString(),
      lastUsedAt: null,
      revoked: false,
    });
    const row = await api.em().findOneOrFail(ApiToken, id!);
    expect(row.secretHash).toBe(hashSecret(secret!));
    expect(JSON.stringify(row)).not.toContain(secret);
    const listed = await caller.apiTokens.list();
    expect(listed.find((item) => item.id === id)).toEqual(apiToken);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('keeps the admin scope for admins, and refuses bad input without storing anything', async () => {
    const before = await api.em().count(ApiToken);
    const agent = await api.as(api.users.agent);
    expect(await trpcCode(agent.apiTokens.create({ name: 'Too much', scopes: ['admin'] }))).toBe('FORBIDDEN');
    for (const input of [
      { name: 'No scope', scopes: [] },
      { name: 'Unknown scope', scopes: ['root'] },
      { name: 'Too long', scopes: ['read'], expiresInDays: 366 },
      { name: 'Too short', scopes: ['read'], expiresInDays: 0 },
      { name: '', scopes: ['read'] },
      { name: 'Extra', scopes: ['read'], userId: api.users.admin.id },
    ])
      expect(await trpcCode(agent.apiTokens.create(input as never))).toBe('BAD_REQUEST');
    expect(await trpcCode((await api.as(null)).apiTokens.create({ name: 'x', scopes: ['read'] }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await api.em().count(ApiToken)).toBe(before);
    const admin = await api.as(api.users.admin);
    const { apiToken } = await admin.apiTokens.create({ name: 'Ops', scopes: ['admin', 'read', 'admin'] });
    expect([apiToken.scopes, apiToken.expiresAt]).toEqual([['read', 'admin'], null]);
  });
});

describe('authenticating with a token', () => {
  it('acts as its owner', async () => {
    const script = withToken(await tokenFor(api.users.agent, ['read']));
    expect(await script.auth.me()).toMatchObject({ id: api.users.agent.id, role: 'agent' });
    expect(await trpcCode(script.tickets.list({}))).toBe('OK');
  });

  it('a read token may only query', async () => {
    const script = withToken(await tokenFor(api.users.customer, ['read']));
    expect(await trpcCode(script.tickets.list({}))).toBe('OK');
    expect(await trpcCode(script.tickets.create(newTicket))).toBe('FORBIDDEN');
  });

  it('a write token may change things, but not call admin procedures nor manage tokens', async () => {
    const customerScript = withToken(await tokenFor(api.users.customer, ['write']));
    expect(await trpcCode(customerScript.tickets.create(newTicket))).toBe('OK');
    const adminScript = withToken(await tokenFor(api.users.admin, ['write']));
    expect(await trpcCode(adminScript.organizations.list())).toBe('OK');
    expect(await trpcCode(adminScript.audit.list({}))).toBe('FORBIDDEN');
    expect(await trpcCode(adminScript.organizations.create({ name: 'Made by a script' }))).toBe('FORBIDDEN');
    expect(await trpcCode(adminScript.apiTokens.list())).toBe('FORBIDDEN');
  });

  it('an admin token reaches what its owner role allows, and no more', async () => {
    const adminScript = withToken(await tokenFor(api.users.admin, ['admin']));
    expect(await trpcCode(adminScript.audit.list({}))).toBe('OK');
    expect(await trpcCode(adminScript.apiTokens.list())).toBe('OK');
    const em = api.em();
    const demoted = await makeUser(em, 'admin', 'Demoted Admin');
    const demotedScript = withToken(await tokenFor(demoted, ['admin']));
    await em.nativeUpdate(User, { id: demoted.id }, { role: 'agent' });
    expect(await trpcCode(demotedScript.audit.list({}))).toBe('FORBIDDEN');
  });

  it('a token cannot create tokens, sign out or change two-factor sign-in', async () => {
    const script = withToken(await tokenFor(api.users.admin, ['admin']));
    const before = await api.em().count(ApiToken);
    expect(await trpcCode(script.apiTokens.create({ name: 'Child', scopes: ['read'] }))).toBe('FORBIDDEN');
    expect(await trpcCode(script.auth.signOut())).toBe('FORBIDDEN');
    expect(await trpcCode(script.twoFactor.setup())).toBe('FORBIDDEN');
    expect(await api.em().count(ApiToken)).toBe(before);
  });

  it('refuses expired, revoked, forged and malformed tokens, and tokens in a cookie', async () => {
    const expiring = await tokenFor(api.users.customer, ['read'], 1);
    const later = new Date(api.clock.now.getTime() + 24 * 60 * 60_000);
    api.clock.now = new Date(later.getTime() - 1);
    expect(await trpcCode(withToken(expiring).tickets.list({}))).toBe('OK');
    api.clock.now = later;
    expect(await trpcCode(withToken(expiring).tickets.list({}))).toBe('UNAUTHORIZED');

    const caller = await api.as(api.users.customer);
    const { token, apiToken } = await caller.apiTokens.create({ name: 'Revoke me', scopes: ['write'] });
    expect(await trpcCode(withToken(token).tickets.list({}))).toBe('OK');
    expect((await caller.apiTokens.revoke({ id: apiToken.id })).revoked).toBe(true);
    expect(await trpcCode(withToken(token).tickets.list({}))).toBe('UNAUTHORIZED');

    const other = await tokenFor(api.users.customer, ['read']);
    const [, id] = TOKEN.exec(other) ?? [];
    for (const forged of [
      `hd_${id}_${'a'.repeat(24)}`,
      `hd_${id}`,
      `${other}x`,
      other.replace('hd_', 'HD_'),
      `hd_${'a'.repeat(24)}_${'b'.repeat(24)}`,
    ])
      expect(await trpcCode(withToken(forged).tickets.list({}))).toBe('UNAUTHORIZED');
    expect(await trpcCode(withToken(other, 'cookie').tickets.list({}))).toBe('UNAUTHORIZED');
    expect(await trpcCode(withToken(other).tickets.list({}))).toBe('OK');
  });

  it('refuses the token of a deactivated user', async () => {
    const em = api.em();
    const leaver = await makeUser(em, 'agent', 'Leaving Agent');
    const token = await tokenFor(leaver, ['write']);
    expect(await trpcCode(withToken(token).tickets.list({}))).toBe('OK');
    await em.nativeUpdate(User, { id: leaver.id }, { active: false });
    expect(await trpcCode(withToken(token).tickets.list({}))).toBe('UNAUTHORIZED');
  });

  it('records the last use at most once a minute', async () => {
    const token = await tokenFor(api.users.customer, ['read']);
    const [, id] = TOKEN.exec(token) ?? [];
    const lastUsed = async () => (await api.em().findOneOrFail(ApiToken, id!)).lastUsedAt;
    const first = api.clock.now;
    await withToken(token).tickets.list({});
    expect(await lastUsed()).toEqual(first);
    api.clock.now = new Date(first.getTime() + 59_000);
    await withToken(token).tickets.list({});
    expect(await lastUsed()).toEqual(first);
    api.clock.now = new Date(first.getTime() + 60_000);
    await withToken(token).tickets.list({});
    expect(await lastUsed()).toEqual(api.clock.now);
  });

  it('a staff token is blocked like its owner when two-factor sign-in is required', async () => {
    const script = withToken(await tokenFor(api.users.agent, ['read']));
    await api
      .em()
      .upsert(Setting, { key: 'requireTwoFactorForStaff', value: true, updatedAt: api.clock.now });
    try {
      expect(await trpcCode(script.tickets.list({}))).toBe('FORBIDDEN');
    } finally {
      await api
        .em()
        .upsert(Setting, { key: 'requireTwoFactorForStaff', value: false, updatedAt: api.clock.now });
    }
    expect(await trpcCode(script.tickets.list({}))).toBe('OK');
  });
});

describe('apiTokens.list and revoke', () => {
  it('list only mine, and revoking someone else’s token is NOT_FOUND', async () => {
    const mine = await api.as(api.users.otherCustomer);
    const { apiToken } = await mine.apiTokens.create({ name: 'Mine', scopes: ['read'] });
    const theirs = await api.as(api.users.customer);
    expect((await theirs.apiTokens.list()).some((item) => item.id === apiToken.id)).toBe(false);
    expect(await trpcCode(theirs.apiTokens.revoke({ id: apiToken.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(theirs.apiTokens.revoke({ id: 'not an id' }))).toBe('BAD_REQUEST');
    expect((await api.em().findOneOrFail(ApiToken, apiToken.id)).revokedAt).toBeNull();
    expect((await mine.apiTokens.list()).map((item) => item.id)).toContain(apiToken.id);
  });
});
