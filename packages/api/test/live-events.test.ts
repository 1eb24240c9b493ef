import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LiveEvent, LocalLiveEvents, ticketIdsOf } from '../src/index.ts';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
let events: LocalLiveEvents;
let customer: Caller;
let agent: Caller;

beforeAll(async () => {
  api = await createTestApi();
  events = new LocalLiveEvents();
  api.config.liveEvents = events;
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
});
afterAll(async () => {
  await events?.close();
  await api?.dispose();
});

const PROBE = 'probe';
const END = 'end-of-test';

/** Collects what an agent's `live.events` stream receives while `action` runs. */
async function heard(action: () => Promise<unknown>): Promise<LiveEvent[]> {
  const stream = await agent.live.events();
  const iterator = stream[Symbol.asyncIterator]();
  // The stream starts listening with its first read: probe until it hears, then act.
  let listening = false;
  const first = iterator.next().then((next) => {
    listening = true;
    return next;
  });
  while (!listening) {
    events.publish({ topic: 'tickets', ticketIds: [PROBE] });
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  await first;
  await action().catch(() => {});
  // A marker closes the window: everything the action announced came before it.
  events.publish({ topic: 'tickets', ticketIds: [END] });
  const received: LiveEvent[] = [];
  for (;;) {
    const next = await iterator.next();
    if (next.done || next.value.ticketIds[0] === END) break;
    if (next.value.ticketIds[0] !== PROBE) received.push(next.value);
  }
  // No read is pending now, so closing the stream does not wait for another event.
  await iterator.return?.(undefined);
  return received;
}

describe('live events', () => {
  it('announce a committed ticket change to agents, naming the ticket and nothing of its content', async () => {
    const ticket = await customer.tickets.create({ subject: 'Live one', body: 'Secret words inside' });
    const received = await heard(() =>
      customer.tickets.reply({ ticketId: ticket.id, body: 'More secret words' }),
    );
    expect(received).toEqual([{ topic: 'tickets', ticketIds: [ticket.id] }]);
    expect(JSON.stringify(received)).not.toMatch(/secret/i);
  });

  it('announce new tickets by the id the server gave them', async () => {
    let created = '';
    const received = await heard(async () => {
      created = (await customer.tickets.create({ subject: 'Brand new', body: 'Hello' })).id;
    });
    expect(received.map((event) => event.ticketIds)).toEqual([[created]]);
  });

  it('say nothing of refused or failed calls, nor of changes that are not tickets', async () => {
    const ticket = await customer.tickets.create({ subject: 'Quiet', body: 'Hello' });
    const received = await heard(async () => {
      await customer.tickets.update({ id: ticket.id, version: 0, priority: 'urgent' }).catch(() => {});
      await agent.tickets.reply({ ticketId: ticket.id, body: '' }).catch(() => {});
      await agent.notifications.markAllRead();
    });
    expect(received).toEqual([]);
  });

  it('are for staff only', async () => {
    expect(await trpcCode(customer.live.events())).toBe('FORBIDDEN');
    expect(await trpcCode((await api.as(null)).live.events())).toBe('UNAUTHORIZED');
  });

  it('end every open stream when the source closes (a shutdown never waits on them)', async () => {
    const source = new LocalLiveEvents();
    const iterator = source.stream()[Symbol.asyncIterator]();
    const next = iterator.next();
    await source.close();
    expect(await next).toEqual({ done: true, value: undefined });
  });
});

describe('ticketIdsOf', () => {
  it('takes id-like strings from the fields that name tickets, and nothing else', () => {
    expect(ticketIdsOf({ id: 'a1', ticketIds: ['b2', 'c3', 'x y'], body: 'd4', sourceId: 'e5' })).toEqual([
      'a1',
      'e5',
      'b2',
      'c3',
    ]);
    expect(ticketIdsOf({ id: 'z'.repeat(65) })).toEqual([]);
    expect(ticketIdsOf({ ids: Array.from({ length: 500 }, (_, i) => `t${i}`) })).toHaveLength(100);
    expect(ticketIdsOf(null)).toEqual([]);
  });
});
