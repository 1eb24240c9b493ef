import { AuditLog, OutboxMail, Session, User } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  createTestApi,
  makeUser,
  type TestApi,
  type TestUser,
  trpcCode,
} from '../src/testing.ts';

let api: TestApi;
let admin: Caller;

beforeAll(async () => {
  api = await createTestApi();
  admin = await api.as(api.users.admin);
});
afterAll(() => api?.dispose());

let counter = 0;
async function freshUser(role: 'customer' | 'agent' | 'admin' = 'customer'): Promise<TestUser> {
  counter += 1;
  return makeUser(api.em(), role, `Person ${counter} ${role}`);
}

describe('my profile', () => {
  it('changes my name, shown as mine at once; a bad name changes nothing', async () => {
    const user = await freshUser('agent');
    const me = await api.as(user);
    expect(await me.account.updateProfile({ name: '  Ada Lovelace  ' })).toMatchObject({
      id: user.id,
      name: 'Ada Lovelace',
    });
    expect((await me.auth.me())?.name).toBe('Ada Lovelace');
    for (const name of ['', ' ', 'x'.repeat(121), 'two\nlines'])
      expect(await trpcCode(me.account.updateProfile({ name }))).toBe('BAD_REQUEST');
    expect((await api.em().findOneOrFail(User, user.id)).name).toBe('Ada Lovelace');
    expect(await trpcCode((await api.as(null)).account.updateProfile({ name: 'Nobody' }))).toBe(
      'UNAUTHORIZED',
    );
  });
});

describe('changing my password', () => {
  it('needs the current one and ends my other sessions, not this one', async () => {
    const user = await freshUser();
    const here = await api.as(user);
    const elsewhere = await api.as(user);
    expect(
      await trpcCode(
        here.account.changePassword({ currentPassword: 'wrong one', newPassword: 'new password 1' }),
      ),
    ).toBe('BAD_REQUEST');
    const result = await here.account.changePassword({
      currentPassword: user.password,
      newPassword: 'new password 1',
    });
    expect(result.otherSessionsEnded).toBe(1);
    expect(await here.auth.me()).not.toBeNull();
    expect(await elsewhere.auth.me()).toBeNull();
    await (await api.as(null)).auth.signIn({ email: user.email, password: 'new password 1' });
  });

  it('can keep other sessions when asked', async () => {
    const user = await freshUser();
    const here = await api.as(user);
    const elsewhere = await api.as(user);
    await here.account.changePassword({
      currentPassword: user.password,
      newPassword: 'new password 2',
      signOutOtherSessions: false,
    });
    expect(await elsewhere.auth.me()).not.toBeNull();
  });
});

describe('changing my email address', () => {
  it('needs my password, mails the new address a link and the old one a notice', async () => {
    const user = await freshUser();
    const me = await api.as(user);
    expect(
      await trpcCode(
        me.account.requestEmailChange({ password: 'nope nope', newEmail: 'moved@example.test' }),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      await trpcCode(
        me.account.requestEmailChange({ password: user.password, newEmail: api.users.agent.email }),
      ),
    ).toBe('CONFLICT');
    await me.account.requestEmailChange({ password: user.password, newEmail: 'moved@example.test' });
    expect(await api.em().count(OutboxMail, { to: user.email, kind: 'email_change_notice' })).toBe(1);
    expect((await me.auth.me())?.email).toBe(user.email);
    const mail = await api
      .em()
      .findOneOrFail(OutboxMail, { to: 'moved@example.test', kind: 'email_change_confirm' });
    const token = mail.text.match(/#token=([a-z0-9]+)/)?.[1] ?? '';
    await (await api.as(null)).account.confirmEmailChange({ token });
    expect((await api.em().findOneOrFail(User, user.id)).email).toBe('moved@example.test');
    expect(await api.em().count(OutboxMail, { to: user.email, kind: 'email_changed' })).toBe(1);
  });
});

describe('my sessions', () => {
  it('lists device and last use, and revokes one or all others', async () => {
    const user = await freshUser();
    const here = await api.as(user);
    const other = await api.as(user);
    const sessions = await here.account.sessions();
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ ip: null, userAgent: null });
    const otherId = sessions.find((session) => !session.current)?.id ?? '';
    await here.account.revokeSession({ id: otherId });
    expect(await other.auth.me()).toBeNull();
    await api.as(user);
    expect((await here.account.revokeOtherSessions()).revoked).toBe(1);
    expect(await here.auth.me()).not.toBeNull();
    // Someone else's session id is not mine to end.
    const stranger = await api.as(await freshUser());
    expect(
      await trpcCode(stranger.account.revokeSession({ id: sessions.find((s) => s.current)?.id ?? '' })),
    ).toBe('NOT_FOUND');
    expect(await here.auth.me()).not.toBeNull();
  });
});

describe('admins managing users', () => {
  it('find people by the start of a name or address, wildcards taken literally', async () => {
    const found = await makeUser(api.em(), 'agent', 'Zebulon Quist');
    const byName = await admin.users.list({ search: 'zebulon' });
    expect(byName.map((user) => user.id)).toEqual([found.id]);
    expect(
      (await admin.users.list({ search: found.email.slice(0, 6).toUpperCase() })).map((u) => u.id),
    ).toContain(found.id);
    expect(await admin.users.list({ search: '%' })).toEqual([]);
    expect(await admin.users.list({ search: 'Zebulon', role: 'customer' })).toEqual([]);
  });

  it('a role change ends the user’s sessions and is audited', async () => {
    const agent = await freshUser('agent');
    const session = await api.as(agent);
    const changed = await admin.users.changeRole({ userId: agent.id, role: 'customer' });
    expect(changed.role).toBe('customer');
    expect(await session.auth.me()).toBeNull();
    const entry = await api.em().findOneOrFail(AuditLog, { action: 'user.role_changed', targetId: agent.id });
    expect(entry.details).toEqual({ from: 'agent', to: 'customer' });
  });

  it('deactivating ends sessions at once; deleting keeps history but never signs in again', async () => {
    const customer = await freshUser();
    const session = await api.as(customer);
    const ticket = await session.tickets.create({ subject: 'Before I go', body: 'x' });
    await admin.users.setActive({ userId: customer.id, active: false });
    expect(await session.auth.me()).toBeNull();
    expect(
      await trpcCode(
        (await api.as(null)).auth.signIn({ email: customer.email, password: customer.password }),
      ),
    ).toBe('UNAUTHORIZED');
    await admin.users.delete({ userId: customer.id });
    expect(await api.em().count(Session, { user: customer.id })).toBe(0);
    expect((await admin.tickets.get({ id: ticket.id })).requester.id).toBe(customer.id);
    expect(await trpcCode(admin.users.setActive({ userId: customer.id, active: true }))).toBe('NOT_FOUND');
  });

  it('keeps at least one admin, and admins cannot change themselves', async () => {
    expect(await trpcCode(admin.users.changeRole({ userId: api.users.admin.id, role: 'agent' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await trpcCode(admin.users.setActive({ userId: api.users.admin.id, active: false }))).toBe(
      'BAD_REQUEST',
    );
    // Two admins demoting each other at the same moment: one wins, the desk keeps an admin.
    const first = await freshUser('admin');
    const second = await freshUser('admin');
    await api.em().nativeUpdate(User, { id: api.users.admin.id }, { role: 'agent' });
    const [a, b] = await Promise.allSettled([
      (await api.as(first)).users.changeRole({ userId: second.id, role: 'agent' }),
      (await api.as(second)).users.changeRole({ userId: first.id, role: 'agent' }),
    ]);
    expect([a.status, b.status].sort()).toEqual(['fulfilled', 'rejected']);
    expect(await api.em().count(User, { role: 'admin', active: true })).toBe(1);
    await api.em().nativeUpdate(User, { id: api.users.admin.id }, { role: 'admin' });
    admin = await api.as(api.users.admin);
  });

  it('is for admins only', async () => {
    const agent = await api.as(api.users.agent);
    expect(await trpcCode(agent.users.list({}))).toBe('FORBIDDEN');
    expect(await trpcCode(agent.users.invite({ email: 'x@example.test', name: 'X', role: 'admin' }))).toBe(
      'FORBIDDEN',
    );
    expect(
      await trpcCode(
        (await api.as(api.users.customer)).users.changeRole({ userId: api.users.agent.id, role: 'admin' }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await trpcCode(
        admin.users.changeRole({ userId: api.users.agent.id, role: 'admin', extra: 1 } as never),
      ),
    ).toBe('BAD_REQUEST');
  });
});

describe('sign-in throttling', () => {
  it('holds under 50 parallel attempts on one account, and answers alike for unknown accounts', async () => {
    const target = await freshUser();
    const attempts = async (email: string, ip: string) => {
      const anonymous = await api.as(null, { ip });
      return Promise.allSettled(
        Array.from({ length: 50 }, () => anonymous.auth.signIn({ email, password: 'guess guess' })),
      );
    };
    const codes = (results: PromiseSettledResult<unknown>[]) =>
      results.map((result) =>
        result.status === 'rejected' ? (result.reason as { code: string }).code : 'OK',
      );
    const known = codes(await attempts(target.email, '198.51.100.1'));
    const unknown = codes(await attempts('ghost@example.test', '198.51.100.2'));
    expect(known.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(10);
    expect(known.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(40);
    expect(unknown.filter((code) => code === 'UNAUTHORIZED')).toHaveLength(10);
    expect(unknown.filter((code) => code === 'TOO_MANY_REQUESTS')).toHaveLength(40);
    // Even the right password waits for the window to pass.
    const anonymous = await api.as(null, { ip: '198.51.100.3' });
    expect(await trpcCode(anonymous.auth.signIn({ email: target.email, password: target.password }))).toBe(
      'TOO_MANY_REQUESTS',
    );
    api.tick(16 * 60_000);
    expect(await trpcCode(anonymous.auth.signIn({ email: target.email, password: target.password }))).toBe(
      'OK',
    );
  });

  it('limits one address trying many accounts', async () => {
    const anonymous = await api.as(null, { ip: '203.0.113.9' });
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        anonymous.auth.signIn({ email: `spray${i}@example.test`, password: 'guess guess' }),
      ),
    );
    const refused = results.filter(
      (result) =>
        result.status === 'rejected' && (result.reason as { code: string }).code === 'TOO_MANY_REQUESTS',
    );
    expect(refused).toHaveLength(10);
  });
});
