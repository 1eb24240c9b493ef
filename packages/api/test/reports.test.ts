import { Team, Ticket, User } from '@helpdesk/db';
import { priorityRank, type TicketPriority, type TicketStatus } from '@helpdesk/validators';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ZodError } from 'zod';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
let agent: Caller;
let admin: Caller;
let billing: { id: string; name: string };
let shipping: { id: string; name: string };

const at = (iso: string) => new Date(iso);
const plus = (iso: string, seconds: number) => new Date(at(iso).getTime() + seconds * 1000);

interface TicketSpec {
  createdAt: string;
  status: TicketStatus;
  priority?: TicketPriority;
  team?: { id: string };
  /** Seconds after creation. */
  firstResponseAfter?: number;
  solvedAt?: Date;
}

/** A ticket with exactly these times, straight into the database. */
async function insertTicket(spec: TicketSpec): Promise<string> {
  const em = api.em();
  const priority = spec.priority ?? 'normal';
  const created = at(spec.createdAt);
  const ticket = em.create(Ticket, {
    subject: `Ticket created ${spec.createdAt}`,
    requester: em.getReference(User, api.users.customer.id),
    status: spec.status,
    priority,
    priorityRank: priorityRank[priority],
    team: spec.team ? em.getReference(Team, spec.team.id) : null,
    customFields: {},
    createdAt: created,
    updatedAt: created,
    customerUpdatedAt: created,
    firstResponseAt:
      spec.firstResponseAfter === undefined ? null : plus(spec.createdAt, spec.firstResponseAfter),
    solvedAt: spec.solvedAt ?? null,
    closedAt: spec.status === 'closed' ? (spec.solvedAt ?? created) : null,
  });
  await em.flush();
  return ticket.id;
}

async function createTeam(name: string) {
  const em = api.em();
  const team = em.create(Team, { name });
  await em.flush();
  return { id: team.id, name: team.name };
}

/** The error a call fails with (it must fail). */
async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('The call succeeded');
}

/**
 * Every SQL statement sent while `fn` runs. `api.db.recordQueries` sees only the ORM's own
 * statements; repositories run theirs through Kysely, whose executor every statement passes.
 */
async function recordStatements<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  let owner = Object.getPrototypeOf(api.db.orm.em.getConnection().getClient().getExecutor());
  while (owner && !Object.hasOwn(owner, 'executeQuery')) owner = Object.getPrototypeOf(owner);
  const spy = vi.spyOn(owner as { executeQuery(query: { sql: string }): Promise<unknown> }, 'executeQuery');
  try {
    const result = await fn();
    return { result, statements: spy.mock.calls.map(([query]) => query.sql) };
  } finally {
    spy.mockRestore();
  }
}

const cycle = <T>(values: readonly T[], i: number) => values[i % values.length] as T;

const days = (counts: Record<string, number>) =>
  Object.entries(counts).map(([date, count]) => ({ date, count }));

beforeAll(async () => {
  api = await createTestApi();
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
  billing = await createTeam('Billing');
  shipping = await createTeam('Shipping');
  // A team with nothing in the backlog (its one ticket closed) is left out of the team counts.
  const archive = await createTeam('Archive');
  await insertTicket({ createdAt: '2024-01-01T00:00:00Z', status: 'closed', team: archive });

  // Through the workflow: created 03-01 09:00, answered 90 s later, solved two days later.
  const customer = await api.as(api.users.customer);
  api.clock.now = at('2025-03-01T09:00:00Z');
  const ticket = await customer.tickets.create({
    subject: 'Invoice missing',
    body: 'Where is it?',
    priority: 'high',
  });
  api.clock.now = at('2025-03-01T09:01:30Z');
  const reply = await agent.tickets.reply({ ticketId: ticket.id, body: 'Sending it now' });
  api.clock.now = at('2025-03-03T09:00:00Z');
  const version = reply.ticket.version;
  if (version === undefined) throw new Error('Agents are shown the version');
  await agent.tickets.update({ id: ticket.id, version, status: 'solved' });

  // The last instant of 03-01 counts for 03-01; the first of 03-03 for 03-03.
  await insertTicket({
    createdAt: '2025-03-01T23:59:59.500Z',
    status: 'open',
    priority: 'urgent',
    team: billing,
    firstResponseAfter: 10.5,
  });
  await insertTicket({
    createdAt: '2025-03-03T00:00:00.000Z',
    status: 'closed',
    team: billing,
    firstResponseAfter: 30,
    solvedAt: at('2025-03-03T01:00:00Z'),
  });
  await insertTicket({ createdAt: '2025-03-03T12:00:00Z', status: 'pending', priority: 'low' });
  // Solved after the range: counted in the resolution median, not in solvedPerDay.
  await insertTicket({
    createdAt: '2025-03-04T10:00:00Z',
    status: 'solved',
    firstResponseAfter: 20,
    solvedAt: at('2025-03-07T10:00:00Z'),
  });
  await insertTicket({
    createdAt: '2025-03-05T08:00:00Z',
    status: 'on_hold',
    team: shipping,
    firstResponseAfter: 50,
  });
  // Created just before the range, solved inside it: counted in solvedPerDay only.
  await insertTicket({
    createdAt: '2025-02-28T23:59:59.999Z',
    status: 'solved',
    team: shipping,
    firstResponseAfter: 5,
    solvedAt: at('2025-03-02T12:00:00Z'),
  });
  // Created just after the range.
  await insertTicket({ createdAt: '2025-03-06T00:00:00Z', status: 'new', priority: 'high', team: shipping });
  // Older backlog.
  await insertTicket({
    createdAt: '2025-01-10T10:00:00Z',
    status: 'open',
    priority: 'urgent',
    team: billing,
  });
  await insertTicket({ createdAt: '2025-01-11T10:00:00Z', status: 'new', priority: 'low', team: shipping });
});
afterAll(() => api?.dispose());

const wholeBacklog = {
  byStatus: [
    { status: 'new', count: 2 },
    { status: 'open', count: 2 },
    { status: 'pending', count: 1 },
    { status: 'on_hold', count: 1 },
  ],
  byPriority: [
    { priority: 'urgent', count: 2 },
    { priority: 'high', count: 1 },
    { priority: 'normal', count: 1 },
    { priority: 'low', count: 2 },
  ],
  byTeam: [] as { team: { id: string; name: string } | null; count: number }[],
};

describe('reports.overview', () => {
  beforeAll(() => {
    wholeBacklog.byTeam = [
      { team: shipping, count: 3 },
      { team: billing, count: 2 },
      { team: null, count: 1 },
    ];
  });

  it('counts tickets created and solved per UTC day, every day of the range present', async () => {
    const report = await agent.reports.overview({ from: '2025-03-01', to: '2025-03-05' });
    expect(report.from).toBe('2025-03-01');
    expect(report.to).toBe('2025-03-05');
    expect(report.createdPerDay).toEqual(
      days({ '2025-03-01': 2, '2025-03-02': 0, '2025-03-03': 2, '2025-03-04': 1, '2025-03-05': 1 }),
    );
    expect(report.solvedPerDay).toEqual(
      days({ '2025-03-01': 0, '2025-03-02': 1, '2025-03-03': 2, '2025-03-04': 0, '2025-03-05': 0 }),
    );
  });

  it('answers the current backlog by status, priority and team, whatever the range', async () => {
    const report = await admin.reports.overview({ from: '2025-03-01', to: '2025-03-05' });
    expect(report.backlog).toEqual(wholeBacklog);
    const elsewhen = await agent.reports.overview({ from: '2020-06-01', to: '2020-06-01' });
    expect(elsewhen.backlog).toEqual(wholeBacklog);
  });

  it('takes medians over tickets created in the range: the middle value of an odd count', async () => {
    const report = await agent.reports.overview({ from: '2025-03-01', to: '2025-03-05' });
    // First responses 10.5, 20, 30, 50 and 90 s; resolutions 1 h, 2 days, 3 days.
    expect(report.firstResponse).toEqual({ medianSeconds: 30, count: 5 });
    expect(report.resolution).toEqual({ medianSeconds: 172_800, count: 3 });
  });

  it('takes the mean of the middle two of an even count', async () => {
    const report = await agent.reports.overview({ from: '2025-03-01', to: '2025-03-03' });
    // Resolutions 1 h and 2 days.
    expect(report.resolution).toEqual({ medianSeconds: (3600 + 172_800) / 2, count: 2 });
    // First responses 10.5, 30 and 90 s.
    expect(report.firstResponse).toEqual({ medianSeconds: 30, count: 3 });
  });

  it('answers nulls and zeros for a range without tickets', async () => {
    const report = await agent.reports.overview({ from: '2024-12-30', to: '2025-01-02' });
    expect(report.createdPerDay).toEqual(
      days({ '2024-12-30': 0, '2024-12-31': 0, '2025-01-01': 0, '2025-01-02': 0 }),
    );
    expect(report.solvedPerDay.every((day) => day.count === 0)).toBe(true);
    expect(report.firstResponse).toEqual({ medianSeconds: null, count: 0 });
    expect(report.resolution).toEqual({ medianSeconds: null, count: 0 });
  });

  it('narrows every figure to one team', async () => {
    const report = await agent.reports.overview({ from: '2025-03-01', to: '2025-03-05', teamId: billing.id });
    expect(report.createdPerDay).toEqual(
      days({ '2025-03-01': 1, '2025-03-02': 0, '2025-03-03': 1, '2025-03-04': 0, '2025-03-05': 0 }),
    );
    expect(report.solvedPerDay).toEqual(
      days({ '2025-03-01': 0, '2025-03-02': 0, '2025-03-03': 1, '2025-03-04': 0, '2025-03-05': 0 }),
    );
    expect(report.backlog).toEqual({
      byStatus: [
        { status: 'new', count: 0 },
        { status: 'open', count: 2 },
        { status: 'pending', count: 0 },
        { status: 'on_hold', count: 0 },
      ],
      byPriority: [
        { priority: 'urgent', count: 2 },
        { priority: 'high', count: 0 },
        { priority: 'normal', count: 0 },
        { priority: 'low', count: 0 },
      ],
      byTeam: [{ team: billing, count: 2 }],
    });
    // First responses 10.5 and 30 s: an even count.
    expect(report.firstResponse).toEqual({ medianSeconds: 20.25, count: 2 });
    expect(report.resolution).toEqual({ medianSeconds: 3600, count: 1 });
  });

  it('answers NOT_FOUND for an unknown team', async () => {
    expect(
      await trpcCode(
        agent.reports.overview({ from: '2025-03-01', to: '2025-03-05', teamId: '0'.repeat(26) }),
      ),
    ).toBe('NOT_FOUND');
  });

  it('covers up to 366 days, a leap year included', async () => {
    const leapYear = await agent.reports.overview({ from: '2024-01-01', to: '2024-12-31' });
    expect(leapYear.createdPerDay).toHaveLength(366);
    expect(leapYear.createdPerDay[59]).toEqual({ date: '2024-02-29', count: 0 });
    expect(leapYear.solvedPerDay.at(-1)).toEqual({ date: '2024-12-31', count: 0 });
    const oneDay = await agent.reports.overview({ from: '2025-03-03', to: '2025-03-03' });
    expect(oneDay.createdPerDay).toEqual(days({ '2025-03-03': 2 }));
    expect(await trpcCode(agent.reports.overview({ from: '2025-01-01', to: '2026-01-01' }))).toBe('OK');
  });

  it('refuses backwards, too long and malformed ranges with BAD_REQUEST', async () => {
    const backwards = await failure(agent.reports.overview({ from: '2025-03-05', to: '2025-03-01' }));
    expect(backwards.code).toBe('BAD_REQUEST');
    expect((backwards.cause as ZodError).issues).toMatchObject([
      { path: ['to'], message: 'Must not be before `from`' },
    ]);

    const tooLong = await failure(agent.reports.overview({ from: '2025-01-01', to: '2026-01-02' }));
    expect(tooLong.code).toBe('BAD_REQUEST');
    expect(tooLong.cause).toBeInstanceOf(ZodError);
    expect((tooLong.cause as ZodError).issues).toMatchObject([
      { path: ['to'], message: 'A report covers at most 366 days' },
    ]);

    for (const input of [
      { from: '2025-02-30', to: '2025-03-01' },
      { from: '2025-3-1', to: '2025-03-02' },
      { from: '2025-03-01T00:00:00Z', to: '2025-03-02' },
      { from: '2025-03-01', to: 'tomorrow' },
      { from: '2025-03-01' },
      { from: '2025-03-01', to: '2025-03-02', teamId: 'billing' },
      { from: '2025-03-01', to: '2025-03-02', status: 'open' },
    ]) {
      expect(await trpcCode(agent.reports.overview(input as never)), JSON.stringify(input)).toBe(
        'BAD_REQUEST',
      );
    }
  });

  it('is for staff: customers get FORBIDDEN, anonymous callers UNAUTHORIZED', async () => {
    const range = { from: '2025-03-01', to: '2025-03-05' };
    expect(await trpcCode((await api.as(api.users.customer)).reports.overview(range))).toBe('FORBIDDEN');
    expect(await trpcCode((await api.as(null)).reports.overview(range))).toBe('UNAUTHORIZED');
  });

  // Last: it adds tickets the other tests do not expect.
  it('runs the same few aggregate statements however many tickets there are', async () => {
    const range = { from: '2025-03-01', to: '2025-03-05', teamId: shipping.id };
    const overview = () => recordStatements(() => api.db.recordQueries(() => agent.reports.overview(range)));
    const before = await overview();

    for (let i = 0; i < 40; i++) {
      const day = String(1 + (i % 5)).padStart(2, '0');
      await insertTicket({
        createdAt: `2025-03-${day}T${String(i % 24).padStart(2, '0')}:00:00Z`,
        status: cycle(['new', 'open', 'solved', 'closed', 'pending'], i),
        priority: cycle(['low', 'normal', 'high', 'urgent'], i),
        team: i % 2 ? shipping : billing,
        firstResponseAfter: i * 7,
        solvedAt: i % 5 === 2 || i % 5 === 3 ? at(`2025-03-${day}T23:00:00Z`) : undefined,
      });
    }
    const after = await overview();
    expect(after.result.result.createdPerDay.reduce((sum, day) => sum + day.count, 0)).toBe(21);
    expect(after.result.result.firstResponse.count).toBe(21);
    expect(after.result.queries.length).toBe(before.result.queries.length);
    expect(after.statements.length).toBe(before.statements.length);
    // The team check, two per-day counts, two backlog groups (by status and priority at once, and
    // the team's count) and two medians, each an aggregate.
    const report = before.statements.filter((statement) => /\b(tickets|teams)\b/.test(statement));
    expect(report).toHaveLength(7);
    for (const statement of report) expect(statement).toMatch(/\b(count|avg)\(/i);
  });
});
