import { SavedView, Team, TeamMember, User } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_VIEWS_PER_AGENT } from '../src/rules/views.ts';
import {
  type Caller,
  createTestApi,
  makeUser,
  type TestApi,
  type TestUser,
  trpcCode,
} from '../src/testing.ts';

let api: TestApi;
let anonymous: Caller;
let customer: Caller;
let agent: Caller;
let admin: Caller;
let otherAgentUser: TestUser;
let otherAgent: Caller;
let teamId: string;

const UNKNOWN_ID = '01M85VB671JYE3GK6VA6QSA0Q4';

beforeAll(async () => {
  api = await createTestApi();
  anonymous = await api.as(null);
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
  otherAgentUser = await makeUser(api.em(), 'agent', 'Bert Other');
  otherAgent = await api.as(otherAgentUser);
  // Agnes is in the Billing team; the teams procedures are not what this file tests.
  const em = api.em();
  const team = em.create(Team, { name: 'Billing' });
  em.create(TeamMember, { team, user: em.getReference(User, api.users.agent.id), lastAssignedAt: null });
  await em.flush();
  teamId = team.id;
});
afterAll(() => api?.dispose());

async function newTicket(subject = 'Something broke') {
  api.tick();
  const { id } = await customer.tickets.create({ subject, body: 'Help me' });
  return agent.tickets.get({ id });
}

async function countsOf(caller: Caller): Promise<Record<string, number>> {
  return Object.fromEntries((await caller.views.counts()).map((view) => [view.id, view.count]));
}

async function savedViewCount() {
  return api.em().count(SavedView);
}

describe('who may use views', () => {
  it('anonymous callers are UNAUTHORIZED and customers FORBIDDEN, for every procedure', async () => {
    const view = await agent.views.create({ name: 'Mine', filters: { assigneeId: 'me' } });
    for (const [caller, code] of [
      [anonymous, 'UNAUTHORIZED'],
      [customer, 'FORBIDDEN'],
    ] as const) {
      expect(await trpcCode(caller.views.list())).toBe(code);
      expect(await trpcCode(caller.views.counts())).toBe(code);
      expect(await trpcCode(caller.views.create({ name: 'x', filters: {} }))).toBe(code);
      expect(await trpcCode(caller.views.update({ id: view.id, name: 'x' }))).toBe(code);
      expect(await trpcCode(caller.views.delete({ id: view.id }))).toBe(code);
    }
    expect((await agent.views.list()).find((item) => item.id === view.id)?.name).toBe('Mine');
    await agent.views.delete({ id: view.id });
  });
});

describe('the list', () => {
  it('starts with the built-in views, then mine, then shared ones, each with a live count', async () => {
    const mine = await agent.views.create({ name: 'Urgent ones', filters: { priority: 'urgent' } });
    const shared = await otherAgent.views.create({ name: 'Shared by Bert', filters: {}, shared: true });
    const hidden = await otherAgent.views.create({ name: 'Bert only', filters: {} });

    const views = await agent.views.list();
    expect(views.map((view) => view.name)).toEqual([
      'My open tickets',
      'Unassigned in my teams',
      'All unresolved',
      'Urgent ones',
      'Shared by Bert',
    ]);
    expect(views[0]).toMatchObject({
      id: 'my-open',
      builtIn: true,
      owner: null,
      invalid: false,
      filters: { assigneeId: 'me', status: ['new', 'open', 'pending', 'on_hold'] },
    });
    expect(views[1]?.filters).toEqual({
      assigneeId: 'unassigned',
      teamId: 'mine',
      status: ['new', 'open', 'pending', 'on_hold'],
    });
    expect(views[3]).toMatchObject({
      id: mine.id,
      builtIn: false,
      shared: false,
      owner: { id: api.users.agent.id, name: 'Agnes Agent' },
      filters: { priority: ['urgent'] },
    });
    expect(views[4]).toMatchObject({ id: shared.id, shared: true, owner: { id: otherAgentUser.id } });
    expect(views.map((view) => view.id)).not.toContain(hidden.id);
    expect((await otherAgent.views.list()).map((view) => view.id)).toContain(hidden.id);

    // `counts` answers the same numbers, without the rest.
    const counts = await agent.views.counts();
    expect(counts).toEqual(views.map((view) => ({ id: view.id, count: view.count })));
  });

  it('counts move as tickets change', async () => {
    const urgent = await agent.views.create({
      name: 'Urgent in Billing',
      filters: { priority: 'urgent', teamId },
    });
    const before = await countsOf(agent);

    const ticket = await newTicket();
    let counts = await countsOf(agent);
    expect(counts['all-unresolved']).toBe((before['all-unresolved'] ?? 0) + 1);
    expect(counts['my-open']).toBe(before['my-open']);
    expect(counts['unassigned-in-my-teams']).toBe(before['unassigned-in-my-teams']);

    api.tick();
    const inTeam = await agent.tickets.update({
      id: ticket.id,
      version: ticket.version,
      teamId,
      priority: 'urgent',
    });
    counts = await countsOf(agent);
    expect(counts['unassigned-in-my-teams']).toBe((before['unassigned-in-my-teams'] ?? 0) + 1);
    expect(counts[urgent.id]).toBe((before[urgent.id] ?? 0) + 1);
    // Bert is in no team: the same built-in view counts for the person asking.
    expect((await countsOf(otherAgent))['unassigned-in-my-teams']).toBe(0);

    api.tick();
    const taken = await agent.tickets.take({ id: ticket.id, version: inTeam.version });
    counts = await countsOf(agent);
    expect(counts['my-open']).toBe((before['my-open'] ?? 0) + 1);
    expect(counts['unassigned-in-my-teams']).toBe(before['unassigned-in-my-teams']);
    expect((await countsOf(otherAgent))['my-open']).toBe(0);

    api.tick();
    await agent.tickets.update({ id: ticket.id, version: taken.version, status: 'solved' });
    counts = await countsOf(agent);
    expect(counts['my-open']).toBe(before['my-open']);
    expect(counts['all-unresolved']).toBe(before['all-unresolved']);
    expect(counts[urgent.id]).toBe((before[urgent.id] ?? 0) + 1);
  });

  it('a filter naming a tag nobody uses counts 0', async () => {
    const view = await agent.views.create({ name: 'Never used', filters: { tags: ['no-such-tag'] } });
    expect((await countsOf(agent))[view.id]).toBe(0);
  });

  it('costs one bounded count per view, whatever the number of tickets', async () => {
    const few = await api.db.recordQueries(() => agent.views.list());
    for (let i = 0; i < 5; i++) await newTicket(`More ${i}`);
    const many = await api.db.recordQueries(() => agent.views.list());
    expect(many.queries.length).toBe(few.queries.length);

    const view = await agent.views.create({ name: 'One more', filters: { status: 'open' } });
    const more = await api.db.recordQueries(() => agent.views.list());
    expect(more.queries.length).toBe(few.queries.length + 1);
    await agent.views.delete({ id: view.id });
  });
});

describe('stored filters', () => {
  it('are kept as validated JSON with ISO dates, and checked again when read', async () => {
    const view = await agent.views.create({
      name: 'Recent',
      filters: { status: ['open', 'open'], createdAfter: '2020-01-01T02:00:00+02:00' },
    });
    expect(view.filters).toEqual({ status: ['open'], createdAfter: '2020-01-01T00:00:00.000Z' });
    const row = await api.em().findOneOrFail(SavedView, view.id);
    expect(row.filters).toEqual({ status: ['open'], createdAfter: '2020-01-01T00:00:00.000Z' });
    expect(view.invalid).toBe(false);

    // A filter stored before the schema moved on.
    const em = api.em();
    const stale = em.create(SavedView, {
      name: 'Stale',
      owner: em.getReference(User, api.users.agent.id),
      filters: { status: 'archived', mood: 'grumpy' },
    });
    await em.flush();
    const listed = (await agent.views.list()).find((item) => item.id === stale.id);
    expect(listed).toMatchObject({
      invalid: true,
      count: 0,
      filters: { status: 'archived', mood: 'grumpy' },
    });
    expect((await countsOf(agent))[stale.id]).toBe(0);
    // Fixing its filters makes it count again.
    const fixed = await agent.views.update({ id: stale.id, filters: { status: 'new' } });
    expect(fixed).toMatchObject({ invalid: false, filters: { status: ['new'] } });
    expect(fixed.count).toBeGreaterThan(0);
  });
});

describe('ownership', () => {
  it('the owner changes a view; admins may change shared ones; others get FORBIDDEN or NOT_FOUND', async () => {
    const personal = await otherAgent.views.create({ name: 'Bert personal', filters: {} });
    const shared = await otherAgent.views.create({ name: 'Bert shared', filters: {}, shared: true });

    expect(await trpcCode(agent.views.update({ id: personal.id, name: 'x' }))).toBe('NOT_FOUND');
    expect(await trpcCode(agent.views.delete({ id: personal.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(admin.views.delete({ id: personal.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(agent.views.delete({ id: UNKNOWN_ID }))).toBe('NOT_FOUND');
    expect(await trpcCode(agent.views.update({ id: shared.id, name: 'x' }))).toBe('FORBIDDEN');
    expect(await trpcCode(agent.views.delete({ id: shared.id }))).toBe('FORBIDDEN');

    const renamed = await otherAgent.views.update({
      id: personal.id,
      name: 'Renamed',
      filters: { priority: 'low' },
    });
    expect(renamed).toMatchObject({ name: 'Renamed', filters: { priority: ['low'] }, shared: false });

    const byAdmin = await admin.views.update({ id: shared.id, name: 'Tidied by admin' });
    expect(byAdmin).toMatchObject({
      name: 'Tidied by admin',
      owner: { id: otherAgentUser.id },
      shared: true,
    });
    expect(await admin.views.delete({ id: shared.id })).toEqual({ id: shared.id });
    expect((await agent.views.list()).map((view) => view.id)).not.toContain(shared.id);

    expect(await otherAgent.views.delete({ id: personal.id })).toEqual({ id: personal.id });
    expect(await trpcCode(otherAgent.views.delete({ id: personal.id }))).toBe('NOT_FOUND');
  });

  it(`each agent keeps at most ${MAX_VIEWS_PER_AGENT} views`, async () => {
    const prolific = await api.as(await makeUser(api.em(), 'agent', 'Pat Prolific'));
    for (let i = 0; i < MAX_VIEWS_PER_AGENT; i++)
      await prolific.views.create({ name: `View ${i}`, filters: {} });
    const before = await savedViewCount();
    expect(await trpcCode(prolific.views.create({ name: 'One too many', filters: {} }))).toBe('CONFLICT');
    expect(await savedViewCount()).toBe(before);
  });
});

describe('bad input', () => {
  it('is BAD_REQUEST and writes nothing', async () => {
    const view = await agent.views.create({ name: 'Valid', filters: { status: 'new' } });
    const before = await savedViewCount();
    const bad = [
      () => agent.views.create({ name: '', filters: {} }),
      () => agent.views.create({ name: 'x'.repeat(81), filters: {} }),
      // @ts-expect-error: not a status
      () => agent.views.create({ name: 'x', filters: { status: 'archived' } }),
      // @ts-expect-error: unknown filter
      () => agent.views.create({ name: 'x', filters: { mood: 'grumpy' } }),
      () => agent.views.create({ name: 'x', filters: { createdAfter: 'yesterday' } }),
      // @ts-expect-error: unknown keys are refused
      () => agent.views.create({ name: 'x', filters: {}, ownerId: api.users.admin.id }),
      () => agent.views.update({ id: view.id }),
      () => agent.views.update({ id: 'my-open', name: 'Built-in views are not rows' }),
      () => agent.views.delete({ id: 'my-open' }),
    ];
    for (const call of bad) expect(await trpcCode(call())).toBe('BAD_REQUEST');
    expect(await savedViewCount()).toBe(before);
    const row = await api.em().findOneOrFail(SavedView, view.id);
    expect(row).toMatchObject({ name: 'Valid', filters: { status: ['new'] } });
  });
});
