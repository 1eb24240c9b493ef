import { Notification, Ticket, User } from '@helpdesk/db';
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

beforeAll(async () => {
  api = await createTestApi();
  anonymous = await api.as(null);
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
});
afterAll(() => api?.dispose());

async function newTicket(subject = 'Something broke') {
  api.tick();
  const { id } = await customer.tickets.create({ subject, body: 'Help me' });
  return agent.tickets.get({ id });
}

/** A fresh agent, so a test sees only the notifications it made. */
async function freshAgent(name: string): Promise<{ user: TestUser; caller: Caller }> {
  const user = await makeUser(api.em(), 'agent', name);
  return { user, caller: await api.as(user) };
}

/** Notifications written straight to the database: `count` of them, all at the same instant. */
async function insertNotifications(userId: string, count: number, at: Date, ticketId: string | null = null) {
  const em = api.em();
  for (let i = 0; i < count; i++) {
    em.create(Notification, {
      user: em.getReference(User, userId),
      kind: 'assigned',
      ticket: ticketId ? em.getReference(Ticket, ticketId) : null,
      actor: null,
      createdAt: at,
      readAt: null,
    });
  }
  await em.flush();
}

describe('who may read notifications', () => {
  it('anonymous callers are UNAUTHORIZED; customers may ask, and never have any', async () => {
    expect(await trpcCode(anonymous.notifications.list({}))).toBe('UNAUTHORIZED');
    expect(await trpcCode(anonymous.notifications.unreadCount())).toBe('UNAUTHORIZED');
    expect(await trpcCode(anonymous.notifications.markRead({ ids: ['01M85VB671JYE3GK6VA6QSA0Q4'] }))).toBe(
      'UNAUTHORIZED',
    );
    expect(await trpcCode(anonymous.notifications.markAllRead())).toBe('UNAUTHORIZED');

    const ticket = await newTicket();
    api.tick();
    await admin.tickets.update({ id: ticket.id, version: ticket.version, assigneeId: api.users.agent.id });
    await customer.tickets.reply({ ticketId: ticket.id, body: 'Any news?' });
    expect(await customer.notifications.list({})).toEqual({ items: [], nextCursor: null, unreadCount: 0 });
    expect(await customer.notifications.unreadCount()).toEqual({ count: 0 });
    expect(await customer.notifications.markAllRead()).toEqual({ marked: 0, unreadCount: 0 });
    expect((await admin.notifications.unreadCount()).count).toBe(0);
  });
});

describe('the ticket rules notify agents', () => {
  it('of an assignment by someone else, not of taking a ticket themselves', async () => {
    const { user, caller } = await freshAgent('Nina Assigned');
    const ticket = await newTicket('Assign me');
    api.tick();
    const assigned = await admin.tickets.update({
      id: ticket.id,
      version: ticket.version,
      assigneeId: user.id,
    });
    const page = await caller.notifications.list({});
    expect(page.unreadCount).toBe(1);
    expect(page.items).toEqual([
      {
        id: expect.any(String),
        kind: 'assigned',
        readAt: null,
        createdAt: api.clock.now.toISOString(),
        ticket: { id: ticket.id, reference: ticket.reference, subject: 'Assign me' },
        actor: { id: api.users.admin.id, name: 'Adam Admin' },
      },
    ]);

    const other = await newTicket('Mine now');
    api.tick();
    await caller.tickets.take({ id: other.id, version: other.version });
    api.tick();
    await caller.tickets.update({ id: ticket.id, version: assigned.version, assigneeId: null });
    await caller.tickets.take({ id: ticket.id, version: assigned.version + 1 });
    expect((await caller.notifications.unreadCount()).count).toBe(1);
  });

  it('of a customer reply on a ticket assigned to them', async () => {
    const { user, caller } = await freshAgent('Rita Replied');
    const ticket = await newTicket('Waiting');
    api.tick();
    await admin.tickets.update({ id: ticket.id, version: ticket.version, assigneeId: user.id });
    api.tick();
    await customer.tickets.reply({ ticketId: ticket.id, body: 'Still broken' });
    const { items } = await caller.notifications.list({});
    expect(items.map((item) => [item.kind, item.actor?.name])).toEqual([
      ['customer_replied', 'Carla Customer'],
      ['assigned', 'Adam Admin'],
    ]);
    expect(items[0]?.ticket?.id).toBe(ticket.id);
  });

  it('of an @mention in an internal note (by the local part of their email), not in a reply', async () => {
    const { user, caller } = await freshAgent('Milo Mentioned');
    expect(user.email).toBe('milo.mentioned@example.test');
    const ticket = await newTicket('Need a second opinion');
    api.tick();
    await agent.tickets.reply({ ticketId: ticket.id, body: '@milo.mentioned can you look?', internal: true });
    api.tick();
    await agent.tickets.reply({ ticketId: ticket.id, body: 'Asking @milo.mentioned now' });
    const { items } = await caller.notifications.list({});
    expect(items.map((item) => [item.kind, item.actor?.id, item.ticket?.id])).toEqual([
      ['mentioned', api.users.agent.id, ticket.id],
    ]);
    // Agnes, mentioned in a note by Milo: the same for the test users' own addresses.
    const before = (await agent.notifications.unreadCount()).count;
    api.tick();
    await caller.tickets.reply({ ticketId: ticket.id, body: 'Over to you @agnes.agent', internal: true });
    expect((await agent.notifications.unreadCount()).count).toBe(before + 1);
  });
});

describe('paging', () => {
  it('walks every notification newest first, with no gaps or repeats, also across equal times', async () => {
    const { user, caller } = await freshAgent('Pia Paged');
    const ticket = await newTicket('Paged');
    api.tick();
    const first = api.clock.now;
    await insertNotifications(user.id, 4, first, ticket.id);
    const second = new Date(first.getTime() + 1);
    await insertNotifications(user.id, 3, second);
    await insertNotifications(user.id, 3, new Date(first.getTime() + 2_000), ticket.id);

    const all = await caller.notifications.list({ limit: 100 });
    expect(all.items).toHaveLength(10);
    expect(all.nextCursor).toBeNull();
    const order = all.items.map((item) => `${item.createdAt}|${item.id}`);
    expect(order).toEqual([...order].sort().reverse());

    const walked: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await caller.notifications.list({ limit: 3, cursor });
      walked.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
      // A notification arriving mid-walk is newer than every page: it moves nothing.
      if (pages === 1) await insertNotifications(user.id, 1, new Date(first.getTime() + 60_000));
    } while (cursor);
    expect(walked).toEqual(all.items.map((item) => item.id));
    expect(pages).toBe(4);
  });

  it('unreadOnly leaves read ones out', async () => {
    const { user, caller } = await freshAgent('Una Unread');
    await insertNotifications(user.id, 3, api.clock.now);
    const [read] = (await caller.notifications.list({})).items;
    await caller.notifications.markRead({ ids: [read?.id ?? ''] });
    const unread = await caller.notifications.list({ unreadOnly: true });
    expect(unread.items).toHaveLength(2);
    expect(unread.items.map((item) => item.id)).not.toContain(read?.id);
    expect(unread.unreadCount).toBe(2);
    const everything = await caller.notifications.list({});
    expect(everything.items.find((item) => item.id === read?.id)?.readAt).toBe(api.clock.now.toISOString());
  });

  it('loads tickets and actors with the page: 2 rows cost what 20 do', async () => {
    const few = await freshAgent('Fay Few');
    const many = await freshAgent('Max Many');
    for (const [target, count] of [
      [few, 2],
      [many, 20],
    ] as const) {
      for (let i = 0; i < count; i++) {
        const ticket = await newTicket(`For ${target.user.name} ${i}`);
        api.tick();
        await admin.tickets.update({ id: ticket.id, version: ticket.version, assigneeId: target.user.id });
      }
    }
    const a = await api.db.recordQueries(() => few.caller.notifications.list({ limit: 50 }));
    const b = await api.db.recordQueries(() => many.caller.notifications.list({ limit: 50 }));
    expect(a.result.items).toHaveLength(2);
    expect(b.result.items).toHaveLength(20);
    expect(b.result.items.every((item) => item.ticket && item.actor?.name === 'Adam Admin')).toBe(true);
    expect(b.queries.length).toBe(a.queries.length);
  });
});

describe('marking read', () => {
  it('touches only my own notifications; others are ignored', async () => {
    const me = await freshAgent('Mia Mine');
    const them = await freshAgent('Theo Theirs');
    await insertNotifications(me.user.id, 3, api.clock.now);
    await insertNotifications(them.user.id, 2, api.clock.now);
    const mine = (await me.caller.notifications.list({})).items.map((item) => item.id);
    const theirs = (await them.caller.notifications.list({})).items.map((item) => item.id);

    api.tick();
    const result = await me.caller.notifications.markRead({ ids: [mine[0] ?? '', ...theirs] });
    expect(result).toEqual({ marked: 1, unreadCount: 2 });
    expect((await them.caller.notifications.list({})).items.every((item) => item.readAt === null)).toBe(true);
    // Marking again changes nothing (and keeps the first time it was read).
    const readAt = (await me.caller.notifications.list({})).items.find((item) => item.id === mine[0])?.readAt;
    api.tick();
    expect(await me.caller.notifications.markRead({ ids: [mine[0] ?? ''] })).toEqual({
      marked: 0,
      unreadCount: 2,
    });
    expect((await me.caller.notifications.list({})).items.find((item) => item.id === mine[0])?.readAt).toBe(
      readAt,
    );

    expect(await me.caller.notifications.markAllRead()).toEqual({ marked: 2, unreadCount: 0 });
    expect(await me.caller.notifications.unreadCount()).toEqual({ count: 0 });
    expect(await them.caller.notifications.unreadCount()).toEqual({ count: 2 });
  });

  it('bad input is BAD_REQUEST and changes nothing', async () => {
    const { user, caller } = await freshAgent('Bea Bad');
    await insertNotifications(user.id, 2, api.clock.now);
    const tooMany = Array.from({ length: 101 }, () => '01M85VB671JYE3GK6VA6QSA0Q4');
    const forged = Buffer.from(JSON.stringify({ k: 'created', v: ['yesterday', 'x'] })).toString('base64url');
    const bad = [
      () => caller.notifications.markRead({ ids: [] }),
      () => caller.notifications.markRead({ ids: tooMany }),
      () => caller.notifications.markRead({ ids: ['not-an-id'] }),
      // @ts-expect-error: unknown keys are refused
      () => caller.notifications.markRead({ ids: [user.id], userId: user.id }),
      () => caller.notifications.list({ limit: 0 }),
      () => caller.notifications.list({ limit: 101 }),
      () => caller.notifications.list({ cursor: 'not a cursor!' }),
      () => caller.notifications.list({ cursor: forged }),
    ];
    for (const call of bad) expect(await trpcCode(call())).toBe('BAD_REQUEST');
    expect(await caller.notifications.unreadCount()).toEqual({ count: 2 });
  });
});
