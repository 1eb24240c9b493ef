import { Category, SEARCH_TIME_LIMIT_MS, Team, TeamMember, User } from '@helpdesk/db';
import type { ListTicketsInput } from '@helpdesk/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTRPCError } from '../src/errors.ts';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
let customer: Caller;
let agent: Caller;
const ids: string[] = [];
let teamId = '';
let otherTeamId = '';
let categoryId = '';
const start = new Date('2026-06-01T00:00:00Z');

function at(minutes: number) {
  api.clock.now = new Date(start.getTime() + minutes * 60_000);
}

/** Every ticket id the list answers, following cursors to the end. */
async function collect(input: Omit<ListTicketsInput, 'cursor'>, caller = agent) {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await caller.tickets.list({ ...input, cursor });
    seen.push(...page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

beforeAll(async () => {
  api = await createTestApi();
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  const em = api.em();
  const team = em.create(Team, { name: 'Billing' });
  const otherTeam = em.create(Team, { name: 'Shipping' });
  const category = em.create(Category, { name: 'Invoices' });
  em.create(TeamMember, { team, user: em.getReference(User, api.users.agent.id) });
  await em.flush();
  [teamId, otherTeamId, categoryId] = [team.id, otherTeam.id, category.id];

  const other = await api.as(api.users.otherCustomer);
  const priorities = ['low', 'normal', 'high', 'urgent'] as const;
  for (let i = 0; i < 12; i++) {
    at(i * 10);
    const ticket = await (i % 3 === 2 ? other : customer).tickets.create({
      subject: `Ticket ${i}`,
      body: 'body',
      ...(i % 4 === 0 ? { categoryId } : {}),
    });
    ids.push(ticket.id);
    at(i * 10 + 1);
    await agent.tickets.update({
      id: ticket.id,
      version: 1,
      priority: priorities[i % 4],
      ...(i % 2 === 0 ? { teamId } : i % 5 === 0 ? { teamId: otherTeamId } : {}),
      ...(i % 3 === 0 ? { assigneeId: api.users.agent.id } : {}),
      ...(i % 4 === 1 ? { tags: ['red', 'blue'] } : i % 4 === 2 ? { tags: ['red'] } : {}),
      ...(i < 6 ? { dueAt: new Date(start.getTime() + (12 - i) * 3_600_000).toISOString() } : {}),
      ...(i >= 9 ? { status: 'pending' as const } : {}),
    });
  }
});
afterAll(() => api?.dispose());

const byIndex = (...indexes: number[]) => indexes.map((i) => ids[i]);

describe('tickets.list filters', () => {
  it('combine any fields', async () => {
    expect(new Set(await collect({ teamId }))).toEqual(new Set(byIndex(0, 2, 4, 6, 8, 10)));
    expect(new Set(await collect({ teamId: 'mine' }))).toEqual(new Set(byIndex(0, 2, 4, 6, 8, 10)));
    expect(new Set(await collect({ teamId: 'none' }))).toEqual(new Set(byIndex(1, 3, 7, 9, 11)));
    expect(new Set(await collect({ assigneeId: 'me', teamId }))).toEqual(new Set(byIndex(0, 6)));
    expect(new Set(await collect({ priority: ['urgent', 'high'] }))).toEqual(
      new Set(byIndex(2, 3, 6, 7, 10, 11)),
    );
    expect(new Set(await collect({ tags: ['red'] }))).toEqual(new Set(byIndex(1, 2, 5, 6, 9, 10)));
    expect(new Set(await collect({ tags: ['red', 'blue'] }))).toEqual(new Set(byIndex(1, 5, 9)));
    expect(await collect({ tags: ['no-such-tag'] })).toEqual([]);
    expect(new Set(await collect({ categoryId }))).toEqual(new Set(byIndex(0, 4, 8)));
    expect(new Set(await collect({ requesterId: api.users.otherCustomer.id }))).toEqual(
      new Set(byIndex(2, 5, 8, 11)),
    );
    expect(new Set(await collect({ status: 'pending', tags: ['red'] }))).toEqual(new Set(byIndex(9, 10)));
    expect(new Set(await collect({ channel: 'agent' }))).toEqual(new Set());
  });

  it('narrow by created and updated ranges', async () => {
    const createdAfter = new Date(start.getTime() + 30 * 60_000).toISOString();
    const createdBefore = new Date(start.getTime() + 60 * 60_000).toISOString();
    expect(await collect({ createdAfter, createdBefore, sort: 'created', direction: 'asc' })).toEqual(
      byIndex(3, 4, 5),
    );
    const updatedAfter = new Date(start.getTime() + 101 * 60_000).toISOString();
    expect(await collect({ updatedAfter, sort: 'updated', direction: 'asc' })).toEqual(byIndex(10, 11));
  });

  it('keep customers inside their own tickets whatever they ask for', async () => {
    const mine = await collect({ requesterId: api.users.otherCustomer.id }, customer);
    expect(mine).toEqual([]);
    const all = await collect({}, customer);
    expect(new Set(all)).toEqual(new Set(byIndex(0, 1, 3, 4, 6, 7, 9, 10)));
    const first = (await customer.tickets.list({ limit: 1 })).items[0];
    expect(first?.tags).toBeUndefined();
    expect(first?.team).toBeUndefined();
  });
});

describe('tickets.list sorts', () => {
  it('by updated and created, both directions, paging by keyset', async () => {
    expect(await collect({ sort: 'created', direction: 'asc', limit: 5 })).toEqual(ids);
    expect(await collect({ sort: 'created', limit: 5 })).toEqual([...ids].reverse());
    expect(await collect({ sort: 'updated', limit: 4 })).toEqual([...ids].reverse());
  });

  it('by priority (then activity)', async () => {
    const order = await collect({ sort: 'priority', limit: 3 });
    expect(order).toEqual(byIndex(11, 7, 3, 10, 6, 2, 9, 5, 1, 8, 4, 0));
    expect(await collect({ sort: 'priority', direction: 'asc', limit: 5 })).toEqual([...order].reverse());
  });

  it('by due date, soonest first, tickets without one last, across page boundaries', async () => {
    const order = await collect({ sort: 'due', limit: 4 });
    expect(order.slice(0, 6)).toEqual(byIndex(5, 4, 3, 2, 1, 0));
    expect(new Set(order.slice(6))).toEqual(new Set(byIndex(6, 7, 8, 9, 10, 11)));
    expect(order).toHaveLength(12);
    const latestFirst = await collect({ sort: 'due', direction: 'desc', limit: 5 });
    expect(latestFirst.slice(0, 6)).toEqual(byIndex(0, 1, 2, 3, 4, 5));
  });

  it('refuses a cursor of another sort', async () => {
    const page = await agent.tickets.list({ sort: 'created', limit: 2 });
    expect(await trpcCode(agent.tickets.list({ sort: 'priority', cursor: page.nextCursor ?? '' }))).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('tickets.list when its asker is gone', () => {
  it('stops a search on MySQL whose request was abandoned, as a closed request rather than a failure', async () => {
    // Every request over HTTP carries a signal: while its asker waits, the search simply answers.
    const waiting = await api.as(api.users.agent, {}, new AbortController().signal);
    expect(await trpcCode(waiting.tickets.list({ search: 'printer' }))).toBe('OK');
    const gone = new AbortController();
    gone.abort();
    const abandoned = await api.as(api.users.agent, {}, gone.signal);
    // SQLite answers at once (its statements cannot be interrupted); MySQL's is stopped.
    expect(await trpcCode(abandoned.tickets.list({ search: 'printer' }))).toBe(
      api.db.dialect === 'mysql' ? 'CLIENT_CLOSED_REQUEST' : 'OK',
    );
  });
});

describe('tickets.list when a search runs too long', () => {
  it('gives MySQL a time limit on every search; a stopped statement answers TIMEOUT, not a failure', async () => {
    const { result, queries } = await api.db.recordQueries(() => agent.tickets.list({ search: 'ticket' }));
    expect(result.items.length).toBeGreaterThan(0);
    const limited = queries.filter((query) => query.includes(`MAX_EXECUTION_TIME(${SEARCH_TIME_LIMIT_MS})`));
    expect(limited).toHaveLength(api.db.dialect === 'mysql' ? 1 : 0);
    // What the drivers throw when the database stops a statement: MySQL's hint, MariaDB's variable.
    const mysql = Object.assign(new Error('Query execution was interrupted'), {
      errno: 3024,
      sqlState: 'HY000',
    });
    const mariadb = Object.assign(
      new Error('Query execution was interrupted (max_statement_time exceeded)'),
      {
        errno: 1969,
        sqlState: '70100',
      },
    );
    expect(toTRPCError(mysql)?.code).toBe('TIMEOUT');
    expect(toTRPCError(new Error('wrapped', { cause: mariadb }))?.code).toBe('TIMEOUT');
    expect(
      toTRPCError(Object.assign(new Error('other'), { errno: 1969, sqlState: 'HY000' })),
    ).toBeUndefined();
  });
});

describe('tickets.list cost', () => {
  it('stays at the same number of statements for 2 and for 12 rows, tags included', async () => {
    const small = await api.db.recordQueries(() => agent.tickets.list({ limit: 2, tags: ['red'] }));
    const large = await api.db.recordQueries(() => agent.tickets.list({ limit: 12, tags: ['red'] }));
    expect(large.result.items.length).toBeGreaterThan(small.result.items.length);
    expect(large.queries.length).toBe(small.queries.length);
  });

  it('writes page sizes into the SQL instead of binding them (SQLite runs a bound LIMIT several times slower)', async () => {
    const { queries } = await api.db.recordQueries(async () => {
      await agent.tickets.list({ limit: 3, status: ['new', 'open'] });
      await agent.tickets.list({ limit: 3, sort: 'due' });
      await agent.tickets.list({ limit: 3, search: 'ticket' });
      await agent.tickets.get({ id: ids[0] as string });
    });
    const limits = queries.filter((query) => /\blimit\b/i.test(query));
    expect(limits.length).toBeGreaterThanOrEqual(3);
    expect(limits.filter((query) => /\blimit\s+\?|\boffset\s+\?/i.test(query))).toEqual([]);
  });
});
