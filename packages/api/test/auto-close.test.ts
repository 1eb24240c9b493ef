import {
  IdempotencyRecord,
  JobLease,
  RateLimitBucket,
  rowWriteLock,
  Setting,
  Ticket,
  TicketEvent,
} from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTO_CLOSE_BATCH, closeSolvedTickets } from '../src/rules/tickets/auto-close.ts';
import { insertTicket } from '../src/rules/tickets/create.ts';
import { touch } from '../src/rules/tickets/fields.ts';
import { setStatus } from '../src/rules/tickets/shared.ts';
import { MAINTENANCE_JOB, runExclusive, runMaintenance } from '../src/services/jobs.ts';
import { createTestApi, type TestApi } from '../src/testing.ts';

const DAY = 86_400_000;

let api: TestApi;

beforeAll(async () => {
  api = await createTestApi();
});
afterAll(() => api?.dispose());

/** Tickets solved at `solvedAt` (written directly: the workflow that got them there is tested elsewhere). */
async function solvedTickets(count: number, solvedAt: Date): Promise<string[]> {
  return api.em().transactional(async (tx) => {
    const requesterId = api.users.customer.id;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { id } = await insertTicket(tx, {
        subject: `Solved ${i}`,
        body: 'Thanks, that fixed it',
        requesterId,
        authorId: requesterId,
        actorId: requesterId,
        channel: 'portal',
        now: new Date(solvedAt.getTime() - DAY),
      });
      const ticket = await tx.findOneOrFail(Ticket, id);
      ticket.status = 'solved';
      ticket.solvedAt = solvedAt;
      ids.push(id);
    }
    await tx.flush();
    return ids;
  });
}

async function autoClosedEvents(ids: string[]) {
  return api.em().find(TicketEvent, { ticket: { $in: ids }, kind: 'auto_closed' }, { populate: ['ticket'] });
}

describe('closeSolvedTickets', () => {
  it('closes tickets solved longer than autoCloseDays ago, with a public auto_closed entry', async () => {
    const solvedAt = new Date('2030-03-01T12:00:00.000Z');
    const [id] = (await solvedTickets(1, solvedAt)) as [string];
    const before = await api.em().findOneOrFail(Ticket, id);

    // The default is 7 days: a millisecond early, nothing happens.
    await closeSolvedTickets(api.em(), new Date(solvedAt.getTime() + 7 * DAY - 1));
    expect((await api.em().findOneOrFail(Ticket, id)).status).toBe('solved');

    const now = new Date(solvedAt.getTime() + 7 * DAY);
    expect(await closeSolvedTickets(api.em(), now)).toBeGreaterThanOrEqual(1);
    const after = await api.em().findOneOrFail(Ticket, id);
    expect(after).toMatchObject({
      status: 'closed',
      closedAt: now,
      solvedAt,
      updatedAt: now,
      customerUpdatedAt: now,
    });
    expect(after.version).toBe(before.version + 1);
    const events = await autoClosedEvents([id]);
    expect(events.map((event) => [event.actor, event.internal, event.createdAt])).toEqual([
      [null, false, now],
    ]);

    // The customer sees it on the timeline.
    api.clock.now = new Date(now.getTime() + 1000);
    const timeline = await (await api.as(api.users.customer)).tickets.timeline({ id });
    expect(timeline.map((entry) => entry.kind)).toContain('auto_closed');
  });

  it("follows the desk's autoCloseDays setting and leaves other statuses alone", async () => {
    const solvedAt = new Date('2030-04-01T00:00:00.000Z');
    const [solved] = (await solvedTickets(1, solvedAt)) as [string];
    const [reopened] = (await solvedTickets(1, solvedAt)) as [string];
    const em = api.em();
    const ticket = await em.findOneOrFail(Ticket, reopened);
    ticket.status = 'open';
    ticket.solvedAt = null;
    em.create(Setting, { key: 'autoCloseDays', value: 2 });
    await em.flush();
    try {
      await closeSolvedTickets(api.em(), new Date(solvedAt.getTime() + 2 * DAY));
      expect((await api.em().findOneOrFail(Ticket, solved)).status).toBe('closed');
      expect((await api.em().findOneOrFail(Ticket, reopened)).status).toBe('open');
    } finally {
      await api.em().nativeDelete(Setting, { key: 'autoCloseDays' });
    }
  });

  it('closes each ticket once, with one entry, when two runs race (in batches)', async () => {
    const solvedAt = new Date('2030-05-01T00:00:00.000Z');
    const ids = await solvedTickets(AUTO_CLOSE_BATCH + 25, solvedAt);
    const now = new Date(solvedAt.getTime() + 8 * DAY);
    const eligible = await api
      .em()
      .count(Ticket, { status: 'solved', solvedAt: { $lte: new Date(now.getTime() - 7 * DAY) } });
    const [first, second] = await Promise.all([
      closeSolvedTickets(api.em(), now),
      closeSolvedTickets(api.em(), now),
    ]);
    expect(first + second).toBe(eligible);
    const tickets = await api.em().find(Ticket, { id: { $in: ids } });
    expect(tickets.every((ticket) => ticket.status === 'closed')).toBe(true);
    expect(new Set(tickets.map((ticket) => ticket.version)).size).toBe(1);
    const events = await autoClosedEvents(ids);
    expect(events).toHaveLength(ids.length);
    expect(new Set(events.map((event) => event.ticket.id)).size).toBe(ids.length);
    expect(await closeSolvedTickets(api.em(), now)).toBe(0);
  });

  it('does not close a ticket reopened while the job runs', async () => {
    const solvedAt = new Date('2030-06-01T00:00:00.000Z');
    const [id] = (await solvedTickets(1, solvedAt)) as [string];
    const now = new Date(solvedAt.getTime() + 30 * DAY);
    let closing: Promise<number> | null = null;
    // The reopening holds the ticket's row (MySQL) or the connection (SQLite) while the job starts.
    await api.em().transactional(async (tx) => {
      const ticket = await tx.findOneOrFail(Ticket, id, rowWriteLock(tx));
      closing = closeSolvedTickets(api.em(), now);
      // What an agent's reopening does (see applyChanges).
      setStatus(tx, ticket, api.users.agent.id, 'open', now);
      touch(ticket, now, true);
      await tx.flush();
    });
    await closing;
    expect((await api.em().findOneOrFail(Ticket, id)).status).toBe('open');
    expect(await autoClosedEvents([id])).toHaveLength(0);
  });
});

describe('runExclusive', () => {
  it('lets only one of two runners in; the lease is free again when the holder is done', async () => {
    const now = new Date('2030-07-01T00:00:00.000Z');
    let finish: () => void = () => {};
    let started: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const first = runExclusive(api.em(), 'test-job', 'instance-a', 60_000, now, async () => {
      started();
      await new Promise<void>((resolve) => {
        finish = resolve;
      });
    });
    await running;
    let secondRan = false;
    const second = await runExclusive(api.em(), 'test-job', 'instance-b', 60_000, now, async () => {
      secondRan = true;
    });
    expect(second).toBe(false);
    expect(secondRan).toBe(false);
    finish();
    expect(await first).toBe(true);
    expect(await runExclusive(api.em(), 'test-job', 'instance-b', 60_000, now, async () => {})).toBe(true);
    expect(await api.em().count(JobLease, { name: 'test-job' })).toBe(0);
  });

  it('lets one of two runners racing for a free lease in', async () => {
    const now = new Date('2030-07-02T00:00:00.000Z');
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered = 0;
    const run = async () => {
      entered++;
      await gate;
    };
    const attempts = [
      runExclusive(api.em(), 'race-job', 'instance-a', 60_000, now, run),
      runExclusive(api.em(), 'race-job', 'instance-b', 60_000, now, run),
    ];
    // The winner waits at the gate, so the first to answer is the loser (both winning never answers).
    expect(await Promise.race(attempts)).toBe(false);
    release();
    expect((await Promise.all(attempts)).sort()).toEqual([false, true]);
    expect(entered).toBe(1);
  });

  it('takes over a lease its holder let expire (a crashed instance), not one still valid', async () => {
    const now = new Date('2030-07-03T00:00:00.000Z');
    await api
      .em()
      .insert(JobLease, { name: 'stale-job', owner: 'crashed', lockedUntil: new Date(now.getTime() + 1) });
    expect(await runExclusive(api.em(), 'stale-job', 'instance-a', 60_000, now, async () => {})).toBe(false);
    const later = new Date(now.getTime() + 2);
    expect(await runExclusive(api.em(), 'stale-job', 'instance-a', 60_000, later, async () => {})).toBe(true);
  });

  it('lets the lease go when the job fails', async () => {
    const now = new Date('2030-07-04T00:00:00.000Z');
    await expect(
      runExclusive(api.em(), 'failing-job', 'instance-a', 60_000, now, async () => {
        throw new Error('job failed');
      }),
    ).rejects.toThrow('job failed');
    expect(await runExclusive(api.em(), 'failing-job', 'instance-b', 60_000, now, async () => {})).toBe(true);
  });

  it('runs the maintenance under the lease: closes solved tickets, purges old records', async () => {
    const solvedAt = new Date('2030-08-01T00:00:00.000Z');
    const [id] = (await solvedTickets(1, solvedAt)) as [string];
    const now = new Date(solvedAt.getTime() + 10 * DAY);
    await api
      .em()
      .insert(JobLease, { name: MAINTENANCE_JOB, owner: 'other', lockedUntil: new Date(now.getTime() + 1) });
    expect(await runMaintenance(api.em(), 'instance-a', now)).toBeNull();
    expect((await api.em().findOneOrFail(Ticket, id)).status).toBe('solved');

    await api.em().insert(IdempotencyRecord, {
      key: 'old-record',
      requestHash: 'h',
      response: { result: 1 },
      createdAt: new Date(now.getTime() - 2 * DAY),
    });
    await api
      .em()
      .insert(RateLimitBucket, { key: 'old-bucket', count: 3, resetAt: new Date(now.getTime() - 1) });
    const report = await runMaintenance(api.em(), 'instance-a', new Date(now.getTime() + 2));
    expect(report).toMatchObject({ closedTickets: 1 });
    expect(report?.purgedIdempotencyRecords).toBeGreaterThanOrEqual(1);
    expect(report?.purgedRateLimitBuckets).toBeGreaterThanOrEqual(1);
    expect((await api.em().findOneOrFail(Ticket, id)).status).toBe('closed');
    expect(await api.em().count(IdempotencyRecord, { key: 'old-record' })).toBe(0);
    expect(await api.em().count(RateLimitBucket, { key: 'old-bucket' })).toBe(0);
  });
});
