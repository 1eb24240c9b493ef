import { Ticket } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
let customer: Caller;
let agent: Caller;
let admin: Caller;

beforeAll(async () => {
  api = await createTestApi();
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
});
afterAll(() => api?.dispose());

async function newTickets(count: number, subject = 'Bulk') {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    api.tick();
    ids.push((await customer.tickets.create({ subject: `${subject} ${i}`, body: 'x' })).id);
  }
  return ids;
}

async function versionOf(id: string) {
  return (await agent.tickets.get({ id })).version ?? 0;
}

describe('tickets.take', () => {
  it('assigns the ticket to me, based on the version I saw', async () => {
    const [id = ''] = await newTickets(1);
    const taken = await agent.tickets.take({ id, version: 1 });
    expect(taken.assignee).toEqual({ id: api.users.agent.id, name: 'Agnes Agent' });
    expect(await trpcCode(admin.tickets.take({ id, version: 1 }))).toBe('CONFLICT');
    expect(await trpcCode(customer.tickets.take({ id, version: 2 }))).toBe('FORBIDDEN');
  });
});

describe('tickets.update', () => {
  it('changes subject, category-free custom fields, due date and tags, and keeps what it does not touch', async () => {
    const [id = ''] = await newTickets(1);
    api.tick();
    const due = new Date(api.clock.now.getTime() + 86_400_000).toISOString();
    const updated = await agent.tickets.update({
      id,
      version: 1,
      subject: 'Renamed',
      dueAt: due,
      tags: ['B', 'a'],
    });
    expect(updated).toMatchObject({ subject: 'Renamed', dueAt: due, tags: ['a', 'b'], priority: 'normal' });
    const again = await agent.tickets.update({ id, version: updated.version ?? 0, dueAt: null });
    expect(again).toMatchObject({ dueAt: null, tags: ['a', 'b'] });
    // A change to nothing new writes nothing and keeps the version.
    const same = await agent.tickets.update({ id, version: again.version ?? 0, subject: 'Renamed' });
    expect(same.version).toBe(again.version);
  });

  it('refuses unknown custom fields and teams as BAD_REQUEST, changing nothing', async () => {
    const [id = ''] = await newTickets(1);
    expect(await trpcCode(agent.tickets.update({ id, version: 1, customFields: { nope: 'x' } }))).toBe(
      'BAD_REQUEST',
    );
    expect(
      await trpcCode(agent.tickets.update({ id, version: 1, teamId: '01M85VB671JYE3GK6VA6QSA0Q4' })),
    ).toBe('BAD_REQUEST');
    expect(await versionOf(id)).toBe(1);
  });
});

describe('tickets.bulkUpdate', () => {
  it('applies one change to many tickets, recording each', async () => {
    const ids = await newTickets(5);
    api.tick();
    const result = await agent.tickets.bulkUpdate({
      ids,
      priority: 'high',
      assigneeId: 'me',
      addTags: ['batch'],
    });
    expect(result).toHaveLength(5);
    for (const ticket of result) {
      expect(ticket).toMatchObject({
        priority: 'high',
        assignee: { id: api.users.agent.id },
        tags: ['batch'],
      });
    }
    const removed = await agent.tickets.bulkUpdate({
      ids: ids.slice(0, 2),
      removeTags: ['batch'],
      status: 'pending',
    });
    expect(removed.map((ticket) => ticket.tags)).toEqual([[], []]);
    const timeline = await agent.tickets.timeline({ id: ids[0] ?? '' });
    expect(timeline.filter((entry) => entry.kind === 'field_changed').map((entry) => entry.field)).toEqual(
      expect.arrayContaining(['priority', 'assignee', 'tags', 'status']),
    );
  });

  it('answers a status change as the list shows the tickets, loading none of their relations', async () => {
    const ids = await newTickets(3, 'Answered');
    api.tick();
    await agent.tickets.bulkUpdate({ ids, assigneeId: 'me', addTags: ['vip', 'billing'] });
    api.tick();
    const { result, queries } = await api.db.recordQueries(() =>
      agent.tickets.bulkUpdate({ ids, status: 'pending' }),
    );
    const listed = await agent.tickets.list({ status: ['pending'], limit: 100 });
    expect(result).toEqual(
      listed.items.filter((ticket) => ids.includes(ticket.id)).sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(result.map((ticket) => [ticket.status, ticket.tags, ticket.assignee?.id])).toEqual(
      ids.map(() => ['pending', ['billing', 'vip'], api.users.agent.id]),
    );
    // The people and tags come with the summaries' one read of the tickets (and one of their
    // tags), not through the ORM's relation loads (its aliases: u0 for users, t1 for tags).
    expect(queries.filter((sql) => /\busers\W+as\W+u0\b|\btags\W+as\W+t1\b/.test(sql))).toEqual([]);
  });

  it('is all or nothing: one closed or unknown ticket and none changes', async () => {
    const ids = await newTickets(3);
    const closedId = ids[2] ?? '';
    await agent.tickets.update({ id: closedId, version: 1, status: 'closed' });
    expect(await trpcCode(agent.tickets.bulkUpdate({ ids, priority: 'urgent' }))).toBe('CONFLICT');
    expect(
      await trpcCode(
        agent.tickets.bulkUpdate({ ids: [ids[0] ?? '', '01M85VB671JYE3GK6VA6QSA0Q4'], priority: 'urgent' }),
      ),
    ).toBe('NOT_FOUND');
    expect(
      await trpcCode(agent.tickets.bulkUpdate({ ids: ids.slice(0, 2), assigneeId: api.users.customer.id })),
    ).toBe('BAD_REQUEST');
    const em = api.em();
    const rows = await em.find(Ticket, { id: { $in: ids.slice(0, 2) } });
    expect(rows.map((row) => [row.priority, row.version])).toEqual([
      ['normal', 1],
      ['normal', 1],
    ]);
  });

  it('takes at most 100 tickets and is for agents only', async () => {
    const ids = Array.from({ length: 101 }, () => '01M85VB671JYE3GK6VA6QSA0Q4');
    expect(await trpcCode(agent.tickets.bulkUpdate({ ids, priority: 'low' }))).toBe('BAD_REQUEST');
    expect(await trpcCode(customer.tickets.bulkUpdate({ ids: ids.slice(0, 1), priority: 'low' }))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('concurrent agents', () => {
  it('two updates from the same version: one wins, the other gets CONFLICT, nothing lost', async () => {
    for (let round = 0; round < 5; round++) {
      const [id = ''] = await newTickets(1, 'Race');
      const results = await Promise.allSettled([
        agent.tickets.update({ id, version: 1, priority: 'high', tags: ['from-agent'] }),
        admin.tickets.update({ id, version: 1, status: 'pending', tags: ['from-admin'] }),
      ]);
      const won = results.filter((result) => result.status === 'fulfilled');
      expect(won).toHaveLength(1);
      const final = await agent.tickets.get({ id });
      expect(final.version).toBe(2);
      const winner = (won[0] as PromiseFulfilledResult<{ tags?: string[] }>).value;
      expect(final.tags).toEqual(winner.tags);
    }
  });

  it('a bulk action racing single updates loses no change', async () => {
    const ids = await newTickets(6, 'Racing');
    const singles = ids.map((id) => admin.tickets.update({ id, version: 1, status: 'pending' }));
    const bulk = agent.tickets.bulkUpdate({ ids, addTags: ['bulk'] });
    const [bulkResult, ...singleResults] = await Promise.allSettled([bulk, ...singles]);
    expect(bulkResult?.status).toBe('fulfilled');
    for (const [index, id] of ids.entries()) {
      const final = await agent.tickets.get({ id });
      // The bulk change is always there; a single update either landed too, or was told CONFLICT.
      expect(final.tags).toEqual(['bulk']);
      const single = singleResults[index];
      if (single?.status === 'fulfilled') expect(final.status).toBe('pending');
      else expect((single as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
      expect(final.version).toBe(single?.status === 'fulfilled' ? 3 : 2);
    }
  });

  it('concurrent replies never conflict and all land', async () => {
    const [id = ''] = await newTickets(1, 'Busy');
    await Promise.all([
      agent.tickets.reply({ ticketId: id, body: 'one' }),
      admin.tickets.reply({ ticketId: id, body: 'two', internal: true }),
      customer.tickets.reply({ ticketId: id, body: 'three' }),
      agent.tickets.reply({ ticketId: id, body: 'four' }),
    ]);
    const final = await agent.tickets.get({ id });
    expect(final.messages.map((message) => message.body).sort()).toEqual([
      'four',
      'one',
      'three',
      'two',
      'x',
    ]);
    expect(final.version).toBe(5);
  });
});
