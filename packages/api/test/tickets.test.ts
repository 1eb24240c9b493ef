import { Message, Ticket } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
let customer: Caller;
let otherCustomer: Caller;
let agent: Caller;
let admin: Caller;

beforeAll(async () => {
  api = await createTestApi();
  customer = await api.as(api.users.customer);
  otherCustomer = await api.as(api.users.otherCustomer);
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
});
afterAll(() => api?.dispose());

async function snapshotCounts() {
  const em = api.em();
  return { tickets: await em.count(Ticket), messages: await em.count(Message) };
}

describe('the vertical slice', () => {
  it('a customer asks, an agent finds, answers and solves, the customer sees the answer', async () => {
    api.tick();
    const created = await customer.tickets.create({
      subject: 'Printer on fire',
      body: 'It smells of toast',
      priority: 'high',
    });
    expect(created).toMatchObject({ status: 'new', priority: 'high', assignee: null });
    // The version moves with internal changes too, so customers never see it.
    expect(created.version).toBe(0);
    expect(created.reference).toMatch(/^[0-9A-Z]{10}$/);
    expect(created.messages).toHaveLength(1);

    const queue = await agent.tickets.list({ status: 'new' });
    expect(queue.items.map((ticket) => ticket.id)).toContain(created.id);

    api.tick();
    const note = await agent.tickets.reply({
      ticketId: created.id,
      body: 'Secret: the printer is haunted',
      internal: true,
    });
    expect(note.ticket.status).toBe('new');
    api.tick();
    const reply = await agent.tickets.reply({ ticketId: created.id, body: 'Unplug it please' });
    expect(reply.ticket.status).toBe('open');

    api.tick();
    const solved = await agent.tickets.update({
      id: created.id,
      version: reply.ticket.version ?? 0,
      status: 'solved',
      assigneeId: api.users.agent.id,
    });
    expect(solved).toMatchObject({
      status: 'solved',
      assignee: { id: api.users.agent.id, name: 'Agnes Agent' },
    });

    const seen = await customer.tickets.get({ id: created.id });
    expect(seen.status).toBe('solved');
    expect(seen.messages.map((message) => message.body)).toEqual(['It smells of toast', 'Unplug it please']);
    expect(seen.messages[1]?.author.staff).toBe(true);
    expect(seen.firstResponseAt).not.toBeNull();
    expect(seen.solvedAt).not.toBeNull();

    const full = await agent.tickets.get({ id: created.id });
    expect(full.messages).toHaveLength(3);
    expect(full.messages.filter((message) => message.internal)).toHaveLength(1);
  });
});

describe('customers', () => {
  it('see only their own tickets, and others do not exist for them', async () => {
    api.tick();
    const mine = await customer.tickets.create({ subject: 'Mine', body: 'mine' });
    api.tick();
    const theirs = await otherCustomer.tickets.create({ subject: 'Theirs', body: 'theirs' });
    const list = await customer.tickets.list({ limit: 100 });
    expect(list.items.map((ticket) => ticket.id)).toContain(mine.id);
    expect(list.items.map((ticket) => ticket.id)).not.toContain(theirs.id);
    expect(await trpcCode(customer.tickets.get({ id: theirs.id }))).toBe('NOT_FOUND');
    expect(await trpcCode(customer.tickets.reply({ ticketId: theirs.id, body: 'hi' }))).toBe('NOT_FOUND');
    expect(await trpcCode(customer.tickets.get({ id: '01M85VB671JYE3GK6VA6QSA0Q4' }))).toBe('NOT_FOUND');
  });

  it('cannot write internal notes, update tickets, or see anything derived from notes', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Quiet', body: 'public words only' });
    const before = (await customer.tickets.list({ limit: 100 })).items.find((item) => item.id === ticket.id);
    api.tick(60_000);
    await agent.tickets.reply({ ticketId: ticket.id, body: 'zanzibar confidential remark', internal: true });

    expect(await trpcCode(customer.tickets.reply({ ticketId: ticket.id, body: 'x', internal: true }))).toBe(
      'FORBIDDEN',
    );
    expect(await trpcCode(customer.tickets.update({ id: ticket.id, version: 1, status: 'solved' }))).toBe(
      'FORBIDDEN',
    );

    const detail = await customer.tickets.get({ id: ticket.id });
    expect(JSON.stringify(detail)).not.toContain('zanzibar');
    const after = (await customer.tickets.list({ limit: 100 })).items.find((item) => item.id === ticket.id);
    // The note moved the agents' activity time, not the customer's.
    expect(after?.updatedAt).toBe(before?.updatedAt);
    expect((await agent.tickets.get({ id: ticket.id })).updatedAt).not.toBe(before?.updatedAt);

    // A word that appears only in an internal note never finds the ticket for the customer.
    expect((await customer.tickets.list({ search: 'zanzibar' })).items).toEqual([]);
    expect((await agent.tickets.list({ search: 'zanzibar' })).items.map((item) => item.id)).toEqual([
      ticket.id,
    ]);
    expect((await customer.tickets.list({ search: 'public words' })).items.map((item) => item.id)).toEqual([
      ticket.id,
    ]);
  });

  it('reopen a pending or solved ticket by replying', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Reopen me', body: 'first' });
    api.tick();
    const pending = await agent.tickets.update({ id: ticket.id, version: 1, status: 'pending' });
    api.tick();
    const reply = await customer.tickets.reply({ ticketId: ticket.id, body: 'here is the info' });
    expect(reply.ticket.status).toBe('open');
    api.tick();
    expect(reply.ticket.version).toBe(0);
    const current = await agent.tickets.get({ id: ticket.id });
    const solved = await agent.tickets.update({
      id: ticket.id,
      version: current.version ?? 0,
      status: 'solved',
    });
    expect(solved.version).toBeGreaterThan(pending.version ?? 0);
    api.tick();
    expect((await customer.tickets.reply({ ticketId: ticket.id, body: 'not fixed' })).ticket.status).toBe(
      'open',
    );
    expect((await agent.tickets.get({ id: ticket.id })).solvedAt).toBeNull();
  });
});

describe('tickets.update', () => {
  it('refuses a stale version with CONFLICT and the current state, changing nothing', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Contested', body: 'x' });
    api.tick();
    const first = await agent.tickets.update({ id: ticket.id, version: 1, priority: 'urgent' });
    expect(first.version).toBe(2);
    const stale = agent.tickets.update({ id: ticket.id, version: 1, priority: 'low', status: 'pending' });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT' });
    const error = await stale.catch((caught: unknown) => caught);
    expect((error as { cause?: { current?: unknown } }).cause?.current).toMatchObject({
      version: 2,
      priority: 'urgent',
    });
    const now = await agent.tickets.get({ id: ticket.id });
    expect(now).toMatchObject({ version: 2, priority: 'urgent', status: 'new' });
  });

  it('lets exactly one of two concurrent updates from the same version win', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Race', body: 'x' });
    const results = await Promise.allSettled([
      agent.tickets.update({ id: ticket.id, version: 1, priority: 'high' }),
      admin.tickets.update({ id: ticket.id, version: 1, priority: 'low' }),
    ]);
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    const winner = (fulfilled[0] as PromiseFulfilledResult<{ priority: string }>).value.priority;
    expect((await agent.tickets.get({ id: ticket.id })).priority).toBe(winner);
  });

  it('only assigns active agents', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Assign', body: 'x' });
    const before = await snapshotCounts();
    await expect(
      agent.tickets.update({ id: ticket.id, version: 1, assigneeId: api.users.customer.id }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('assigneeId') });
    expect((await agent.tickets.get({ id: ticket.id })).version).toBe(1);
    expect(await snapshotCounts()).toEqual(before);
  });

  it('treats closed tickets as read-only', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Done', body: 'x' });
    api.tick();
    const closed = await agent.tickets.update({ id: ticket.id, version: 1, status: 'closed' });
    expect(closed.status).toBe('closed');
    expect(
      await trpcCode(agent.tickets.update({ id: ticket.id, version: closed.version ?? 0, status: 'open' })),
    ).toBe('CONFLICT');
    expect(await trpcCode(agent.tickets.reply({ ticketId: ticket.id, body: 'hello?' }))).toBe('CONFLICT');
    expect((await agent.tickets.get({ id: ticket.id })).messages).toHaveLength(1);
  });

  it('is for agents only, and unknown tickets are NOT_FOUND', async () => {
    expect(
      await trpcCode(agent.tickets.update({ id: '01M85VB671JYE3GK6VA6QSA0Q4', version: 1, status: 'open' })),
    ).toBe('NOT_FOUND');
    expect(
      await trpcCode(
        (await api.as(null)).tickets.update({ id: '01M85VB671JYE3GK6VA6QSA0Q4', version: 1, status: 'open' }),
      ),
    ).toBe('UNAUTHORIZED');
  });
});

describe('tickets.create', () => {
  it('refuses what a caller may not set, changing nothing', async () => {
    const before = await snapshotCounts();
    expect(await trpcCode(agent.tickets.create({ subject: 'x', body: 'y' }))).toBe('BAD_REQUEST');
    expect(
      await trpcCode(
        customer.tickets.create({ subject: 'x', body: 'y', requesterId: api.users.otherCustomer.id }),
      ),
    ).toBe('FORBIDDEN');
    expect(
      await trpcCode(agent.tickets.create({ subject: 'x', body: 'y', requesterId: api.users.agent.id })),
    ).toBe('BAD_REQUEST');
    expect(await trpcCode((await api.as(null)).tickets.create({ subject: 'x', body: 'y' }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await trpcCode(customer.tickets.create({ subject: '', body: 'y' }))).toBe('BAD_REQUEST');
    expect(await snapshotCounts()).toEqual(before);
  });

  it('lets agents open a ticket on behalf of a customer', async () => {
    api.tick();
    const ticket = await agent.tickets.create({
      subject: 'Phoned in',
      body: 'Customer called about a refund',
      requesterId: api.users.customer.id,
      tags: ['Phone', 'refund'],
    });
    expect(ticket).toMatchObject({
      channel: 'agent',
      requester: { id: api.users.customer.id },
      tags: ['phone', 'refund'],
    });
    expect((await customer.tickets.get({ id: ticket.id })).subject).toBe('Phoned in');
  });
});

describe('tickets.list', () => {
  it('pages through every ticket by keyset, newest activity first, without gaps or repeats', async () => {
    for (let i = 0; i < 23; i++) {
      api.tick();
      await otherCustomer.tickets.create({ subject: `Bulk ${i}`, body: 'bulk' });
    }
    const all = await api.em().count(Ticket);
    const seen: string[] = [];
    const times: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await agent.tickets.list({ limit: 7, cursor });
      seen.push(...page.items.map((item) => item.id));
      times.push(...page.items.map((item) => item.updatedAt));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(all);
    expect(new Set(seen).size).toBe(all);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by status and assignee, including unassigned', async () => {
    const assigned = await agent.tickets.list({ assigneeId: api.users.agent.id, limit: 100 });
    expect(assigned.items.length).toBeGreaterThan(0);
    for (const item of assigned.items) expect(item.assignee?.id).toBe(api.users.agent.id);
    const unassigned = await agent.tickets.list({ assigneeId: 'unassigned', limit: 100 });
    for (const item of unassigned.items) expect(item.assignee).toBeNull();
    const open = await agent.tickets.list({ status: ['open', 'pending'], limit: 100 });
    for (const item of open.items) expect(['open', 'pending']).toContain(item.status);
  });

  it('refuses a forged cursor as BAD_REQUEST', async () => {
    expect(await trpcCode(agent.tickets.list({ cursor: 'bm90LWEtY3Vyc29y' }))).toBe('BAD_REQUEST');
    const forged = Buffer.from(JSON.stringify({ k: 'a', t: 1, i: "x' or 1=1" })).toString('base64url');
    expect(await trpcCode(agent.tickets.list({ cursor: forged }))).toBe('BAD_REQUEST');
  });

  it('searches subjects and messages, ranked, combined with filters', async () => {
    api.tick();
    const a = await customer.tickets.create({
      subject: 'Invoice overdue',
      body: 'The invoice for March is missing',
    });
    api.tick();
    await customer.tickets.create({ subject: 'Password', body: 'I forgot it' });
    const found = await agent.tickets.list({ search: 'invoice march' });
    expect(found.items.map((item) => item.id)).toEqual([a.id]);
    expect((await agent.tickets.list({ search: 'invoice', status: 'closed' })).items).toEqual([]);
    // Operators of either full-text syntax are plain words here, never syntax.
    expect(
      (await agent.tickets.list({ search: '"invoice* -march +(' })).items.map((item) => item.id),
    ).toEqual([a.id]);
    expect((await agent.tickets.list({ search: 'a' })).items).toEqual([]);
  });
});

describe('query counts', () => {
  it('tickets.list costs the same number of statements for 2 rows as for 50', async () => {
    const small = await api.db.recordQueries(() => agent.tickets.list({ limit: 2 }));
    const large = await api.db.recordQueries(() => agent.tickets.list({ limit: 50 }));
    expect(large.result.items.length).toBeGreaterThan(small.result.items.length);
    expect(large.queries.length).toBe(small.queries.length);
  });

  it('tickets.get costs the same for 2 messages as for 20, and search for 2 rows as for 20', async () => {
    api.tick();
    const short = await customer.tickets.create({ subject: 'Short thread', body: 'one' });
    api.tick();
    const long = await customer.tickets.create({ subject: 'Long thread', body: 'one' });
    for (let i = 0; i < 19; i++) {
      api.tick();
      await agent.tickets.reply({ ticketId: long.id, body: `reply ${i}`, internal: i % 3 === 0 });
    }
    const a = await api.db.recordQueries(() => agent.tickets.get({ id: short.id }));
    const b = await api.db.recordQueries(() => agent.tickets.get({ id: long.id }));
    expect(b.result.messages).toHaveLength(20);
    expect(b.queries.length).toBe(a.queries.length);

    const s1 = await api.db.recordQueries(() => agent.tickets.list({ search: 'bulk', limit: 2 }));
    const s2 = await api.db.recordQueries(() => agent.tickets.list({ search: 'bulk', limit: 20 }));
    expect(s2.result.items.length).toBeGreaterThan(s1.result.items.length);
    expect(s2.queries.length).toBe(s1.queries.length);
  });
});
