import { AuditLog, Team, TeamMember, User } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  createTestApi,
  makeUser,
  type TestApi,
  type TestUser,
  trpcCode,
} from '../src/testing.ts';

/** Teams, the agent directory and round-robin; organizations and customers are in directory-customers. */
let api: TestApi;
let anonymous: Caller;
let customer: Caller;
let agent: Caller;
let admin: Caller;
let bea: TestUser;
let ben: TestUser;
let gone: TestUser;

const UNKNOWN_ID = '00000000000000000000000000';

beforeAll(async () => {
  api = await createTestApi();
  anonymous = await api.as(null);
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
  bea = await makeUser(api.em(), 'agent', 'Bea Agent');
  ben = await makeUser(api.em(), 'agent', 'Ben Agent');
  gone = await makeUser(api.em(), 'agent', 'Gone Agent');
  await api.em().nativeUpdate(User, { id: gone.id }, { active: false });
});
afterAll(() => api?.dispose());

async function snapshot() {
  const em = api.em();
  return {
    teams: await em.count(Team),
    members: await em.count(TeamMember),
    audit: await em.count(AuditLog),
  };
}

function auditOf(action: string, targetId: string) {
  return api.em().find(AuditLog, { action, targetId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
}

describe('who may call what', () => {
  it('reads are for agents, changes for admins', async () => {
    const { id } = await admin.teams.create({ name: 'Access' });
    const member = { teamId: id, userId: bea.id };
    const calls = {
      list: (c: Caller) => c.teams.list(),
      mine: (c: Caller) => c.teams.mine(),
      agents: (c: Caller) => c.users.agents(),
      create: (c: Caller) => c.teams.create({ name: 'Never' }),
      update: (c: Caller) => c.teams.update({ id, roundRobin: true }),
      addMember: (c: Caller) => c.teams.addMember(member),
      removeMember: (c: Caller) => c.teams.removeMember(member),
    };
    const adminOnly = ['create', 'update', 'addMember', 'removeMember'];
    for (const [name, call] of Object.entries(calls)) {
      expect([name, await trpcCode(call(anonymous))]).toEqual([name, 'UNAUTHORIZED']);
      expect([name, await trpcCode(call(customer))]).toEqual([name, 'FORBIDDEN']);
      expect([name, await trpcCode(call(agent))]).toEqual([
        name,
        adminOnly.includes(name) ? 'FORBIDDEN' : 'OK',
      ]);
    }
    expect(await api.em().count(Team, { name: 'Never' })).toBe(0);
    expect(await api.em().count(TeamMember, { team: id })).toBe(0);
  });
});

describe('teams', () => {
  it('an admin creates a team, audited; a duplicate name, in any case, is CONFLICT and writes nothing', async () => {
    const created = await admin.teams.create({ name: 'Billing', roundRobin: true });
    expect(created).toEqual({ id: expect.any(String), name: 'Billing', roundRobin: true, members: [] });
    expect(await auditOf('team.created', created.id)).toMatchObject([
      { actor: { id: api.users.admin.id }, details: { name: 'Billing', roundRobin: true } },
    ]);

    const before = await snapshot();
    expect(await trpcCode(admin.teams.create({ name: 'Billing' }))).toBe('CONFLICT');
    expect(await trpcCode(admin.teams.create({ name: ' BILLING ' }))).toBe('CONFLICT');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses bad input as BAD_REQUEST, writing nothing', async () => {
    const before = await snapshot();
    const invalid = [
      () => admin.teams.create({ name: '' }),
      () => admin.teams.create({ name: 'x'.repeat(81) }),
      () => admin.teams.create({ name: 'Two\nlines' }),
      () => admin.teams.create({ name: 'Extra', members: [] } as never),
      () => admin.teams.update({ id: 'not-an-id', name: 'X' }),
      () => admin.teams.update({ id: UNKNOWN_ID }),
      () => admin.teams.addMember({ teamId: UNKNOWN_ID, userId: 'nope' }),
    ];
    for (const call of invalid) expect(await trpcCode(call())).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });

  it('an admin renames a team and switches round-robin, audited with before and after', async () => {
    const { id } = await admin.teams.create({ name: 'Sales' });
    const updated = await admin.teams.update({ id, name: 'Sales EMEA', roundRobin: true });
    expect(updated).toMatchObject({ id, name: 'Sales EMEA', roundRobin: true });
    expect(await auditOf('team.updated', id)).toMatchObject([
      { details: { name: { from: 'Sales', to: 'Sales EMEA' }, roundRobin: { from: false, to: true } } },
    ]);

    // The same values again change nothing and record nothing.
    const before = await snapshot();
    await admin.teams.update({ id, name: 'Sales EMEA', roundRobin: true });
    expect(await snapshot()).toEqual(before);

    expect(await trpcCode(admin.teams.update({ id, name: 'billing' }))).toBe('CONFLICT');
    expect(await trpcCode(admin.teams.update({ id: UNKNOWN_ID, name: 'Ghost' }))).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
    expect(await api.em().findOneOrFail(Team, id)).toMatchObject({ name: 'Sales EMEA' });
  });

  it('members: active agents and admins only; adding twice and removing a non-member are harmless', async () => {
    const { id } = await admin.teams.create({ name: 'Support' });
    const added = await admin.teams.addMember({ teamId: id, userId: bea.id });
    expect(added.members).toEqual([{ id: bea.id, name: 'Bea Agent' }]);
    await admin.teams.addMember({ teamId: id, userId: api.users.admin.id });
    const again = await admin.teams.addMember({ teamId: id, userId: bea.id });
    expect(again.members.map((member) => member.name)).toEqual(['Adam Admin', 'Bea Agent']);
    expect(await api.em().count(TeamMember, { team: id })).toBe(2);
    expect(await auditOf('team.member_added', id)).toMatchObject([
      { details: { userId: bea.id } },
      { details: { userId: api.users.admin.id } },
    ]);

    const before = await snapshot();
    for (const userId of [api.users.customer.id, gone.id, UNKNOWN_ID]) {
      await expect(admin.teams.addMember({ teamId: id, userId })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        cause: { field: 'userId' },
      });
    }
    expect(await trpcCode(admin.teams.addMember({ teamId: UNKNOWN_ID, userId: bea.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(admin.teams.removeMember({ teamId: UNKNOWN_ID, userId: bea.id }))).toBe(
      'NOT_FOUND',
    );
    expect((await admin.teams.removeMember({ teamId: id, userId: ben.id })).members).toHaveLength(2);
    expect(await snapshot()).toEqual(before);

    const removed = await admin.teams.removeMember({ teamId: id, userId: bea.id });
    expect(removed.members).toEqual([{ id: api.users.admin.id, name: 'Adam Admin' }]);
    expect(await auditOf('team.member_removed', id)).toMatchObject([{ details: { userId: bea.id } }]);
  });

  it('list: every team by name with its members; mine: the teams I am in', async () => {
    const alpha = await admin.teams.create({ name: 'Aardvarks' });
    await admin.teams.addMember({ teamId: alpha.id, userId: ben.id });
    await admin.teams.addMember({ teamId: alpha.id, userId: api.users.agent.id });

    const teams = await agent.teams.list();
    const names = teams.map((team) => team.name);
    expect(names).toEqual([...names].sort());
    expect(teams[0]).toEqual({
      id: alpha.id,
      name: 'Aardvarks',
      roundRobin: false,
      members: [
        { id: api.users.agent.id, name: 'Agnes Agent' },
        { id: ben.id, name: 'Ben Agent' },
      ],
    });
    expect((await agent.teams.mine()).map((team) => team.name)).toEqual(['Aardvarks']);
    expect(await (await api.as(bea)).teams.mine()).toEqual([]);
  });

  it('teams.list and users.agents cost the same number of statements however many rows', async () => {
    const small = await api.db.recordQueries(() => agent.teams.list());
    const smallAgents = await api.db.recordQueries(() => agent.users.agents());
    for (let i = 0; i < 4; i++) {
      const team = await admin.teams.create({ name: `Bulk ${i}` });
      for (const user of [bea, ben, api.users.agent])
        await admin.teams.addMember({ teamId: team.id, userId: user.id });
    }
    const large = await api.db.recordQueries(() => agent.teams.list());
    const largeAgents = await api.db.recordQueries(() => agent.users.agents());
    expect(large.result.length).toBeGreaterThan(small.result.length);
    expect(large.queries.length).toBe(small.queries.length);
    expect(largeAgents.result.flatMap((a) => a.teams).length).toBeGreaterThan(
      smallAgents.result.flatMap((a) => a.teams).length,
    );
    expect(largeAgents.queries.length).toBe(smallAgents.queries.length);
  });
});

describe('users.agents', () => {
  it('lists active agents and admins by name, with their teams by name', async () => {
    const people = await agent.users.agents();
    expect(people.map((person) => person.name)).toEqual([
      'Adam Admin',
      'Agnes Agent',
      'Bea Agent',
      'Ben Agent',
    ]);
    expect(people.find((person) => person.id === ben.id)).toEqual({
      id: ben.id,
      name: 'Ben Agent',
      email: ben.email,
      role: 'agent',
      teams: [
        expect.objectContaining({ name: 'Aardvarks' }),
        expect.objectContaining({ name: 'Bulk 0' }),
        expect.objectContaining({ name: 'Bulk 1' }),
        expect.objectContaining({ name: 'Bulk 2' }),
        expect.objectContaining({ name: 'Bulk 3' }),
      ],
    });
    expect(people.find((person) => person.role === 'admin')?.teams.map((team) => team.name)).toEqual([
      'Support',
    ]);
  });
});

describe('round-robin', () => {
  it('tickets moved to a round-robin team with two members go A, B, A', async () => {
    const team = await admin.teams.create({ name: 'Rotation', roundRobin: true });
    await admin.teams.addMember({ teamId: team.id, userId: bea.id });
    await admin.teams.addMember({ teamId: team.id, userId: ben.id });
    const assignees: (string | undefined)[] = [];
    for (const subject of ['First', 'Second', 'Third']) {
      api.tick(1000);
      const { id } = await customer.tickets.create({ subject, body: 'Please help' });
      const { version } = await agent.tickets.get({ id });
      // Agents always get the version (customers never do).
      const moved = await agent.tickets.update({ id, version: version as number, teamId: team.id });
      assignees.push(moved.assignee?.id);
    }
    const [first, second, third] = assignees;
    expect(new Set([first, second])).toEqual(new Set([bea.id, ben.id]));
    expect(third).toBe(first);
  });
});
