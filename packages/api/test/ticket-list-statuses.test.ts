import type { ListTicketsInput } from '@helpdesk/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestApi, type TestApi } from '../src/testing.ts';

/**
 * A list filtered by several statuses is read as one ordered branch per status, merged (so that
 * a page never sorts an agent's whole history). It must answer exactly the tickets, in exactly the
 * order, that the unfiltered list answers for those statuses, page after page, in every sort.
 */
let api: TestApi;
let agent: Caller;
const start = new Date('2026-06-01T00:00:00Z');

async function collect(input: Omit<ListTicketsInput, 'cursor'>) {
  const seen: { id: string; status: string }[] = [];
  let cursor: string | undefined;
  do {
    const page = await agent.tickets.list({ ...input, cursor });
    seen.push(...page.items.map((item) => ({ id: item.id, status: item.status })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

beforeAll(async () => {
  api = await createTestApi();
  const customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  const statuses = ['new', 'open', 'pending', 'on_hold', 'solved'] as const;
  const priorities = ['low', 'normal', 'high', 'urgent'] as const;
  for (let i = 0; i < 15; i++) {
    // Some tickets share a time, so the id breaks ties inside a branch and across branches.
    api.clock.now = new Date(start.getTime() + Math.floor(i / 2) * 60_000);
    const ticket = await customer.tickets.create({ subject: `Ticket ${i}`, body: 'body' });
    const status = statuses[(i * 7) % statuses.length];
    if (status === 'new') continue;
    await agent.tickets.update({
      id: ticket.id,
      version: 1,
      status,
      priority: priorities[i % 4],
      ...(i % 3 ? { dueAt: new Date(start.getTime() + ((i * 5) % 7) * 3_600_000).toISOString() } : {}),
      ...(i % 2 ? { assigneeId: api.users.agent.id } : {}),
    });
  }
});
afterAll(() => api?.dispose());

describe('tickets.list with several statuses', () => {
  for (const sort of ['updated', 'created', 'priority', 'due'] as const)
    for (const direction of ['asc', 'desc'] as const)
      it(`pages like the unfiltered list, by ${sort} ${direction}`, async () => {
        const wanted = new Set(['new', 'pending', 'on_hold']);
        const all = await collect({ sort, direction, limit: 100 });
        const expected = all.filter((item) => wanted.has(item.status)).map((item) => item.id);
        expect(expected.length).toBeGreaterThan(5);
        const paged = await collect({ status: ['new', 'pending', 'on_hold'], sort, direction, limit: 2 });
        expect(paged.map((item) => item.id)).toEqual(expected);
      });

  it('keeps the other filters in every branch', async () => {
    const mine = await collect({ assigneeId: 'me', limit: 100 });
    const expected = mine.filter((item) => item.status === 'pending' || item.status === 'open');
    expect(expected.length).toBeGreaterThan(1);
    expect(await collect({ assigneeId: 'me', status: ['open', 'pending'], limit: 3 })).toEqual(expected);
  });
});
