import { AuditLog, Organization, User } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  createTestApi,
  makeUser,
  type TestApi,
  type TestUser,
  trpcCode,
} from '../src/testing.ts';

/** Organizations (and their shared tickets) and customer profiles; teams are in directory.test. */
let api: TestApi;
let anonymous: Caller;
let customer: Caller;
let agent: Caller;
let admin: Caller;

const UNKNOWN_ID = '00000000000000000000000000';

beforeAll(async () => {
  api = await createTestApi();
  anonymous = await api.as(null);
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
});
afterAll(() => api?.dispose());

async function snapshot() {
  const em = api.em();
  const users = await em.find(User, {}, { orderBy: { id: 'asc' } });
  return {
    organizations: await em.count(Organization),
    audit: await em.count(AuditLog),
    memberships: users.map((user) => [user.id, user.organization?.id ?? null]),
  };
}

function auditOf(action: string, targetId: string) {
  return api.em().find(AuditLog, { action, targetId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

describe('who may call what', () => {
  it('reads are for agents, organization changes for admins', async () => {
    const { id } = await admin.organizations.create({ name: 'Access Ltd' });
    const member = { organizationId: id, userId: api.users.customer.id };
    const calls = {
      'organizations.list': (c: Caller) => c.organizations.list(),
      'customers.list': (c: Caller) => c.customers.list({}),
      'customers.get': (c: Caller) => c.customers.get({ id: api.users.customer.id }),
      'organizations.create': (c: Caller) => c.organizations.create({ name: 'Never Ltd' }),
      'organizations.update': (c: Caller) => c.organizations.update({ id, sharedTickets: true }),
      'organizations.addMember': (c: Caller) => c.organizations.addMember(member),
      'organizations.removeMember': (c: Caller) => c.organizations.removeMember(member),
    };
    for (const [name, call] of Object.entries(calls)) {
      const forAgents = !name.startsWith('organizations.') || name === 'organizations.list';
      expect([name, await trpcCode(call(anonymous))]).toEqual([name, 'UNAUTHORIZED']);
      expect([name, await trpcCode(call(customer))]).toEqual([name, 'FORBIDDEN']);
      expect([name, await trpcCode(call(agent))]).toEqual([name, forAgents ? 'OK' : 'FORBIDDEN']);
    }
    expect(await api.em().count(Organization, { name: 'Never Ltd' })).toBe(0);
    expect(await api.em().findOneOrFail(Organization, id)).toMatchObject({ sharedTickets: false });
    expect(await api.em().count(User, { organization: id })).toBe(0);
  });
});

describe('organizations', () => {
  it('an admin creates and updates one, audited; duplicates are CONFLICT, unknown ids NOT_FOUND', async () => {
    const created = await admin.organizations.create({ name: 'Acme' });
    expect(created).toEqual({ id: expect.any(String), name: 'Acme', sharedTickets: false, memberCount: 0 });
    const updated = await admin.organizations.update({
      id: created.id,
      name: 'Acme Inc',
      sharedTickets: true,
    });
    expect(updated).toMatchObject({ name: 'Acme Inc', sharedTickets: true });
    expect(await auditOf('organization.created', created.id)).toMatchObject([
      { actor: { id: api.users.admin.id }, details: { name: 'Acme', sharedTickets: false } },
    ]);
    expect(await auditOf('organization.updated', created.id)).toMatchObject([
      { details: { name: { from: 'Acme', to: 'Acme Inc' }, sharedTickets: { from: false, to: true } } },
    ]);

    const before = await snapshot();
    expect(await trpcCode(admin.organizations.create({ name: 'ACME INC' }))).toBe('CONFLICT');
    expect(await trpcCode(admin.organizations.update({ id: created.id, name: 'access ltd' }))).toBe(
      'CONFLICT',
    );
    expect(await trpcCode(admin.organizations.update({ id: UNKNOWN_ID, name: 'Ghost' }))).toBe('NOT_FOUND');
    for (const call of [
      () => admin.organizations.create({ name: '' }),
      () => admin.organizations.create({ name: 'x'.repeat(121) }),
      () => admin.organizations.update({ id: created.id }),
      () => admin.organizations.update({ id: created.id, domain: 'acme.test' } as never),
    ])
      expect(await trpcCode(call())).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });

  it('members are customers, of one organization at most: adding moves them', async () => {
    const north = await admin.organizations.create({ name: 'North' });
    const south = await admin.organizations.create({ name: 'South' });
    const userId = api.users.otherCustomer.id;
    expect(await admin.organizations.addMember({ organizationId: north.id, userId })).toMatchObject({
      memberCount: 1,
    });
    expect(await admin.organizations.addMember({ organizationId: south.id, userId })).toMatchObject({
      memberCount: 1,
    });
    // The members of an organization are a customer list filtered by it.
    const members = await agent.customers.list({ organizationId: south.id });
    expect(members.items.map((member) => member.id)).toEqual([userId]);
    expect((await agent.customers.list({ organizationId: north.id })).items).toEqual([]);
    const listed = await agent.organizations.list();
    expect(listed.map((organization) => organization.name)).toEqual([...listed.map((o) => o.name)].sort());
    expect(listed.find((organization) => organization.id === north.id)?.memberCount).toBe(0);
    expect(await auditOf('organization.member_added', south.id)).toMatchObject([
      { details: { userId, previousOrganizationId: north.id } },
    ]);

    const before = await snapshot();
    await admin.organizations.addMember({ organizationId: south.id, userId });
    await admin.organizations.removeMember({ organizationId: north.id, userId });
    for (const other of [api.users.agent.id, api.users.admin.id, UNKNOWN_ID]) {
      await expect(
        admin.organizations.addMember({ organizationId: south.id, userId: other }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST', cause: { field: 'userId' } });
    }
    expect(await trpcCode(admin.organizations.addMember({ organizationId: UNKNOWN_ID, userId }))).toBe(
      'NOT_FOUND',
    );
    expect(await snapshot()).toEqual(before);

    expect(await admin.organizations.removeMember({ organizationId: south.id, userId })).toMatchObject({
      memberCount: 0,
    });
    expect(await auditOf('organization.member_removed', south.id)).toMatchObject([{ details: { userId } }]);
  });

  it('with shared tickets members read each other’s tickets; without, NOT_FOUND', async () => {
    const team = await admin.organizations.create({ name: 'Sharing Co', sharedTickets: true });
    for (const user of [api.users.customer, api.users.otherCustomer])
      await admin.organizations.addMember({ organizationId: team.id, userId: user.id });
    api.tick();
    const theirs = await (await api.as(api.users.otherCustomer)).tickets.create({
      subject: 'Shared printer jam',
      body: 'Jammed again',
    });

    // The actor (and its organization's sharing) is read when the session is validated.
    let colleague = await api.as(api.users.customer);
    expect((await colleague.tickets.list({})).items.map((ticket) => ticket.id)).toContain(theirs.id);
    expect((await colleague.tickets.get({ id: theirs.id })).subject).toBe('Shared printer jam');
    // Replying is reading's twin: the colleague's reply lands on the shared ticket.
    const replied = await colleague.tickets.reply({ ticketId: theirs.id, body: 'Same here' });
    expect(replied).toMatchObject({ followUp: false, ticket: { id: theirs.id } });

    await admin.organizations.update({ id: team.id, sharedTickets: false });
    colleague = await api.as(api.users.customer);
    expect((await colleague.tickets.list({})).items.map((ticket) => ticket.id)).not.toContain(theirs.id);
    expect(await trpcCode(colleague.tickets.get({ id: theirs.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(colleague.tickets.reply({ ticketId: theirs.id, body: 'Still here' }))).toBe(
      'NOT_FOUND',
    );
    const messages = (await agent.tickets.get({ id: theirs.id })).messages.map((message) => message.body);
    expect(messages).toEqual(['Jammed again', 'Same here']);
  });
});

describe('customers', () => {
  let zoe: TestUser;

  beforeAll(async () => {
    zoe = await makeUser(api.em(), 'customer', 'Zoe_Under');
    await makeUser(api.em(), 'customer', 'Zoex Plain');
    await makeUser(api.em(), 'customer', 'Percent%Sign');
    for (const name of ['Mia', 'Max', 'Mel', 'Moe', 'Mark']) await makeUser(api.em(), 'customer', name);
  });

  it('lists customers by name with organization and ticket count', async () => {
    const { items, nextCursor } = await agent.customers.list({ limit: 100 });
    expect(nextCursor).toBeNull();
    const names = items.map((item) => item.name);
    // Collations order punctuation differently (MySQL's `_` comes after letters); plain names agree.
    const plain = names.filter((name) => /^[A-Z][a-z]*( [A-Z][a-z]*)?$/.test(name));
    expect(plain).toEqual(['Carla Customer', 'Mark', 'Max', 'Mel', 'Mia', 'Moe', 'Otto Other', 'Zoex Plain']);
    expect(names).not.toContain('Agnes Agent');
    expect(items.find((item) => item.id === api.users.otherCustomer.id)).toEqual({
      id: api.users.otherCustomer.id,
      name: 'Otto Other',
      email: api.users.otherCustomer.email,
      organization: { id: expect.any(String), name: 'Sharing Co' },
      ticketCount: 1,
    });
    expect(items.find((item) => item.id === zoe.id)).toMatchObject({ organization: null, ticketCount: 0 });
  });

  it('searches the start of names and addresses, wildcards taken literally', async () => {
    const search = async (text: string) =>
      (await agent.customers.list({ search: text })).items.map((item) => item.name).sort();
    expect(await search('zoe')).toEqual(['Zoe_Under', 'Zoex Plain']);
    expect(await search('Zoe_')).toEqual(['Zoe_Under']);
    expect(await search('Zoe%')).toEqual([]);
    expect(await search('%')).toEqual([]);
    expect(await search('Percent%')).toEqual(['Percent%Sign']);
    expect(await search('CARLA.CUSTOMER@')).toEqual(['Carla Customer']);
    expect(await search('Under')).toEqual([]);
  });

  it('pages by (name, id) without gaps or repeats; a forged cursor is BAD_REQUEST', async () => {
    const all = (await agent.customers.list({ limit: 100 })).items.map((item) => item.id);
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await agent.customers.list({ limit: 3, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(paged).toEqual(all);
    const forged = Buffer.from(JSON.stringify(['x', 'not an id'])).toString('base64url');
    expect(await trpcCode(agent.customers.list({ cursor: forged }))).toBe('BAD_REQUEST');
    expect(await trpcCode(agent.customers.list({ cursor: 'a.b' }))).toBe('BAD_REQUEST');
  });

  it('customers.list costs the same number of statements for 2 rows as for 10', async () => {
    const small = await api.db.recordQueries(() => agent.customers.list({ limit: 2 }));
    const large = await api.db.recordQueries(() => agent.customers.list({ limit: 10 }));
    expect(large.result.items.length).toBeGreaterThan(small.result.items.length);
    expect(large.result.items.filter((item) => item.ticketCount > 0).length).toBeGreaterThan(0);
    expect(large.queries.length).toBe(small.queries.length);
  });

  it('get: the profile with counts by status and the 20 latest tickets', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 22; i++) {
      api.tick();
      ids.push((await customer.tickets.create({ subject: `Question ${i}`, body: 'Hello' })).id);
    }
    const last = ids.at(-1) as string;
    api.tick();
    // Agents always get the version (customers never do).
    const { version } = await agent.tickets.get({ id: last });
    await agent.tickets.update({ id: last, version: version as number, status: 'solved' });

    const profile = await agent.customers.get({ id: api.users.customer.id });
    expect(profile).toMatchObject({
      id: api.users.customer.id,
      name: 'Carla Customer',
      email: api.users.customer.email,
      active: true,
      organization: { name: 'Sharing Co' },
      ticketCounts: { new: 21, open: 0, pending: 0, on_hold: 0, solved: 1, closed: 0 },
    });
    expect(profile.recentTickets.map((ticket) => ticket.id)).toEqual(ids.slice(2).reverse());
    expect(await trpcCode(agent.customers.get({ id: api.users.agent.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(agent.customers.get({ id: UNKNOWN_ID }))).toBe('NOT_FOUND');
    expect(await trpcCode(agent.customers.get({ id: 'nope' }))).toBe('BAD_REQUEST');
  });
});
