import { AuditLog, CannedResponse, Message, Notification, Tag, TicketEvent } from '@helpdesk/db';
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
let anonymous: Caller;
let customer: Caller;
let agent: Caller;
let admin: Caller;
let otherAgentUser: TestUser;
let otherAgent: Caller;

const UNKNOWN_ID = '01M85VB671JYE3GK6VA6QSA0Q4';

beforeAll(async () => {
  api = await createTestApi();
  anonymous = await api.as(null);
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
  otherAgentUser = await makeUser(api.em(), 'agent', 'Bert Other');
  otherAgent = await api.as(otherAgentUser);
});
afterAll(() => api?.dispose());

/** Every table a canned response's procedures may write to. */
async function snapshot() {
  const em = api.em();
  return {
    responses: await em.count(CannedResponse),
    messages: await em.count(Message),
    events: await em.count(TicketEvent),
    audit: await em.count(AuditLog),
    tags: await em.count(Tag),
    notifications: await em.count(Notification),
  };
}

async function newTicket(subject = 'Cannot log in') {
  api.tick();
  return customer.tickets.create({ subject, body: 'Help me' });
}

describe('who may use canned responses', () => {
  it('anonymous callers are UNAUTHORIZED and customers FORBIDDEN, for every procedure', async () => {
    const ticket = await newTicket();
    const response = await agent.cannedResponses.create({ title: 'Role check', body: 'Hello' });
    for (const [caller, code] of [
      [anonymous, 'UNAUTHORIZED'],
      [customer, 'FORBIDDEN'],
    ] as const) {
      expect(await trpcCode(caller.cannedResponses.list())).toBe(code);
      expect(await trpcCode(caller.cannedResponses.create({ title: 'x', body: 'y' }))).toBe(code);
      expect(await trpcCode(caller.cannedResponses.update({ id: response.id, title: 'x' }))).toBe(code);
      expect(await trpcCode(caller.cannedResponses.delete({ id: response.id }))).toBe(code);
      expect(await trpcCode(caller.cannedResponses.preview({ id: response.id, ticketId: ticket.id }))).toBe(
        code,
      );
      expect(
        await trpcCode(caller.cannedResponses.applyToTicket({ id: response.id, ticketId: ticket.id })),
      ).toBe(code);
    }
    expect((await agent.cannedResponses.list()).find((item) => item.id === response.id)?.title).toBe(
      'Role check',
    );
  });
});

describe('ownership', () => {
  it('lists mine and the shared ones by title; another agent personal one is invisible', async () => {
    const mine = await agent.cannedResponses.create({
      title: 'B mine',
      body: 'b',
      setStatus: 'pending',
      addTags: ['Billing', 'billing'],
    });
    const shared = await admin.cannedResponses.create({ title: 'A shared', body: 'a', shared: true });
    const adminPersonal = await admin.cannedResponses.create({ title: 'A admin only', body: 'x' });
    const theirs = await otherAgent.cannedResponses.create({ title: 'C theirs', body: 'c' });

    expect(mine).toMatchObject({
      shared: false,
      setStatus: 'pending',
      setPriority: null,
      addTags: ['billing'],
      owner: { id: api.users.agent.id, name: 'Agnes Agent' },
    });
    const titles = (await agent.cannedResponses.list()).map((item) => item.title);
    expect(titles).toContain('A shared');
    expect(titles).toContain('B mine');
    expect(titles).not.toContain('C theirs');
    expect(titles).not.toContain('A admin only');
    expect(titles).toEqual([...titles].sort());

    const adminTitles = (await admin.cannedResponses.list()).map((item) => item.title);
    expect(adminTitles).toEqual(expect.arrayContaining(['A admin only', 'A shared']));
    expect(adminTitles).not.toContain('B mine');

    // Someone else's personal response does not exist for anyone else, admins included.
    expect(await trpcCode(agent.cannedResponses.update({ id: theirs.id, title: 'mine now' }))).toBe(
      'NOT_FOUND',
    );
    expect(await trpcCode(agent.cannedResponses.delete({ id: theirs.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(admin.cannedResponses.delete({ id: theirs.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(agent.cannedResponses.delete({ id: UNKNOWN_ID }))).toBe('NOT_FOUND');
    const ticket = await newTicket();
    expect(await trpcCode(agent.cannedResponses.preview({ id: adminPersonal.id, ticketId: ticket.id }))).toBe(
      'NOT_FOUND',
    );
    expect(await trpcCode(agent.cannedResponses.applyToTicket({ id: theirs.id, ticketId: ticket.id }))).toBe(
      'NOT_FOUND',
    );
    expect(shared.shared).toBe(true);
  });

  it('only admins create or change shared ones, and every change to them is audited', async () => {
    const before = await snapshot();
    expect(await trpcCode(agent.cannedResponses.create({ title: 'Sneaky', body: 'x', shared: true }))).toBe(
      'FORBIDDEN',
    );
    expect(await snapshot()).toEqual(before);

    const personal = await agent.cannedResponses.create({ title: 'Personal', body: 'x' });
    expect(await trpcCode(agent.cannedResponses.update({ id: personal.id, shared: true }))).toBe('FORBIDDEN');
    const renamed = await agent.cannedResponses.update({
      id: personal.id,
      title: 'Renamed',
      setPriority: 'high',
    });
    expect(renamed).toMatchObject({ title: 'Renamed', setPriority: 'high', shared: false });
    const cleared = await agent.cannedResponses.update({ id: personal.id, setPriority: null });
    expect(cleared.setPriority).toBeNull();

    api.tick();
    const auditBefore = await api.em().count(AuditLog);
    const shared = await admin.cannedResponses.create({ title: 'Desk greeting', body: 'Hi', shared: true });
    expect(await trpcCode(agent.cannedResponses.update({ id: shared.id, title: 'Mine' }))).toBe('FORBIDDEN');
    expect(await trpcCode(agent.cannedResponses.delete({ id: shared.id }))).toBe('FORBIDDEN');
    expect(await trpcCode(otherAgent.cannedResponses.update({ id: shared.id, shared: false }))).toBe(
      'FORBIDDEN',
    );

    // Another admin may change it too.
    const secondAdmin = await api.as(await makeUser(api.em(), 'admin', 'Ada Second'));
    const updated = await secondAdmin.cannedResponses.update({ id: shared.id, body: 'Hello there' });
    expect(updated).toMatchObject({ body: 'Hello there', owner: { id: api.users.admin.id } });
    expect(await admin.cannedResponses.delete({ id: shared.id })).toEqual({ id: shared.id });
    expect((await agent.cannedResponses.list()).map((item) => item.id)).not.toContain(shared.id);

    const entries = await api
      .em()
      .find(AuditLog, { targetId: shared.id }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    expect(entries.map((entry) => entry.action)).toEqual([
      'canned_response.created',
      'canned_response.updated',
      'canned_response.deleted',
    ]);
    expect(await api.em().count(AuditLog)).toBe(auditBefore + 3);

    // The owner deletes a personal one, without an audit entry.
    expect(await agent.cannedResponses.delete({ id: personal.id })).toEqual({ id: personal.id });
    expect(await api.em().count(AuditLog)).toBe(auditBefore + 3);
    expect(await trpcCode(agent.cannedResponses.delete({ id: personal.id }))).toBe('NOT_FOUND');
  });
});

describe('bad input', () => {
  it('is BAD_REQUEST and writes nothing', async () => {
    const response = await agent.cannedResponses.create({ title: 'Valid', body: 'ok' });
    const ticket = await newTicket();
    const before = await snapshot();
    const bad = [
      () => agent.cannedResponses.create({ title: '', body: 'x' }),
      () => agent.cannedResponses.create({ title: 'two\nlines', body: 'x' }),
      () => agent.cannedResponses.create({ title: 'x', body: 'y'.repeat(10_001) }),
      () => agent.cannedResponses.create({ title: 'x', body: 'y', addTags: ['no!good'] }),
      // @ts-expect-error: not a status
      () => agent.cannedResponses.create({ title: 'x', body: 'y', setStatus: 'archived' }),
      // @ts-expect-error: unknown keys are refused
      () => agent.cannedResponses.create({ title: 'x', body: 'y', owner: api.users.admin.id }),
      () => agent.cannedResponses.update({ id: response.id }),
      () => agent.cannedResponses.update({ id: 'not-an-id', title: 'x' }),
      () => agent.cannedResponses.delete({ id: 'nope' }),
      () => agent.cannedResponses.preview({ id: response.id, ticketId: 'nope' }),
      () => agent.cannedResponses.applyToTicket({ id: 'nope', ticketId: ticket.id }),
    ];
    for (const call of bad) expect(await trpcCode(call())).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
    expect((await agent.cannedResponses.list()).find((item) => item.id === response.id)?.title).toBe('Valid');
  });
});

describe('placeholders', () => {
  it('are filled in for the ticket as plain text; unknown ones stay as written', async () => {
    const ticket = await newTicket('{{agent.name}} <b>broke</b> $& it');
    const response = await agent.cannedResponses.create({
      title: 'Everything',
      body: 'Hi {{requester.name}} <{{requester.email}}>, about {{ticket.reference}} "{{ticket.subject}}": {{ agent.name }} here. {{unknown.thing}} {{requester.name',
    });
    const preview = await agent.cannedResponses.preview({ id: response.id, ticketId: ticket.id });
    expect(preview.body).toBe(
      `Hi Carla Customer <carla.customer@example.test>, about ${ticket.reference} "{{agent.name}} <b>broke</b> $& it": Agnes Agent here. {{unknown.thing}} {{requester.name`,
    );
    // The agent is whoever applies it, not its owner.
    const shared = await admin.cannedResponses.create({
      title: 'Sign-off',
      body: '-- {{agent.name}}',
      shared: true,
    });
    expect((await agent.cannedResponses.preview({ id: shared.id, ticketId: ticket.id })).body).toBe(
      '-- Agnes Agent',
    );
    expect(await trpcCode(agent.cannedResponses.preview({ id: response.id, ticketId: UNKNOWN_ID }))).toBe(
      'NOT_FOUND',
    );
  });

  it('refuses a response that renders longer than a message may be, writing nothing', async () => {
    const ticket = await newTicket('s'.repeat(200));
    const response = await agent.cannedResponses.create({
      title: 'Huge',
      body: '{{ticket.subject}}'.repeat(500),
    });
    const before = await snapshot();
    expect(await trpcCode(agent.cannedResponses.preview({ id: response.id, ticketId: ticket.id }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await trpcCode(agent.cannedResponses.applyToTicket({ id: response.id, ticketId: ticket.id })),
    ).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
  });
});

describe('applying a canned response', () => {
  it('posts the rendered reply and applies status, priority and tags in one step', async () => {
    const ticket = await newTicket('Refund please');
    const response = await agent.cannedResponses.create({
      title: 'Refund on its way',
      body: 'Dear {{requester.name}}, your refund for {{ticket.reference}} is on its way.',
      setStatus: 'pending',
      setPriority: 'high',
      addTags: ['refund', 'billing'],
    });
    api.tick();
    const result = await agent.cannedResponses.applyToTicket({ id: response.id, ticketId: ticket.id });
    expect(result.message).toMatchObject({
      body: `Dear Carla Customer, your refund for ${ticket.reference} is on its way.`,
      internal: false,
      author: { id: api.users.agent.id, staff: true },
    });
    // The response's status wins over the one a first reply sets by itself (open).
    expect(result.ticket).toMatchObject({ status: 'pending', priority: 'high', tags: ['billing', 'refund'] });

    const seen = await customer.tickets.get({ id: ticket.id });
    expect(seen.messages.map((message) => message.body)).toEqual(['Help me', result.message.body]);
    expect(seen).toMatchObject({ status: 'pending', priority: 'high' });
    expect(seen.firstResponseAt).not.toBeNull();
    expect((await agent.tickets.get({ id: ticket.id })).version).toBe(result.ticket.version);

    const timeline = await agent.tickets.timeline({ id: ticket.id });
    expect(timeline.map((entry) => [entry.kind, entry.field, entry.to])).toEqual(
      expect.arrayContaining([
        ['replied', null, null],
        ['field_changed', 'status', 'pending'],
        ['field_changed', 'priority', 'high'],
        ['field_changed', 'tags', 'billing, refund'],
      ]),
    );
  });

  it('posts an internal note when asked, which the customer never sees', async () => {
    const ticket = await newTicket();
    const response = await agent.cannedResponses.create({
      title: 'Escalate',
      body: 'Escalating {{ticket.reference}} for {{requester.email}}',
      setPriority: 'urgent',
    });
    api.tick();
    const result = await agent.cannedResponses.applyToTicket({
      id: response.id,
      ticketId: ticket.id,
      internal: true,
    });
    expect(result.message.internal).toBe(true);
    expect(result.ticket).toMatchObject({ status: 'new', priority: 'urgent' });
    const seen = await customer.tickets.get({ id: ticket.id });
    expect(seen.messages).toHaveLength(1);
    expect(JSON.stringify(seen)).not.toContain('Escalating');
  });

  it('is all or nothing: a change that fails after the reply takes the reply back', async () => {
    const ticket = await agent.tickets.get({ id: (await newTicket()).id });
    const response = await agent.cannedResponses.create({
      title: 'Tagged',
      body: 'Done',
      setStatus: 'solved',
    });
    // A tag stored before a rule tightened (written behind the API's back): it fails after the reply.
    const em = api.em();
    const row = await em.findOneOrFail(CannedResponse, response.id);
    row.addTags = ['fine', 'not fine!'];
    await em.flush();

    const before = await snapshot();
    api.tick();
    expect(
      await trpcCode(agent.cannedResponses.applyToTicket({ id: response.id, ticketId: ticket.id })),
    ).toBe('BAD_REQUEST');
    expect(await snapshot()).toEqual(before);
    const after = await agent.tickets.get({ id: ticket.id });
    expect(after).toMatchObject({ status: 'new', version: ticket.version, tags: [] });
    expect(after.messages).toHaveLength(1);
    expect(after.firstResponseAt).toBeNull();
  });

  it('on a closed ticket is CONFLICT and writes nothing', async () => {
    const ticket = await agent.tickets.get({ id: (await newTicket()).id });
    api.tick();
    await agent.tickets.update({ id: ticket.id, version: ticket.version, status: 'closed' });
    const response = await agent.cannedResponses.create({
      title: 'Late',
      body: 'Too late',
      setStatus: 'open',
    });
    const before = await snapshot();
    expect(
      await trpcCode(agent.cannedResponses.applyToTicket({ id: response.id, ticketId: ticket.id })),
    ).toBe('CONFLICT');
    expect(await snapshot()).toEqual(before);
    expect((await agent.tickets.get({ id: ticket.id })).status).toBe('closed');
  });

  it('on an unknown ticket is NOT_FOUND; a shared one is applied by any agent, as themselves', async () => {
    const shared = await admin.cannedResponses.create({
      title: 'Thanks',
      body: 'Thanks, {{agent.name}}',
      shared: true,
    });
    expect(
      await trpcCode(otherAgent.cannedResponses.applyToTicket({ id: shared.id, ticketId: UNKNOWN_ID })),
    ).toBe('NOT_FOUND');
    const ticket = await newTicket();
    const result = await otherAgent.cannedResponses.applyToTicket({ id: shared.id, ticketId: ticket.id });
    expect(result.message).toMatchObject({ body: 'Thanks, Bert Other', author: { id: otherAgentUser.id } });
    expect(result.ticket.status).toBe('open');
  });
});
