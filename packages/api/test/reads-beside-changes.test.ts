import {
  countBacklog,
  countTickets,
  countTicketsPerDay,
  dialectOf,
  kyselyOf,
  listTicketRows,
  medianTicketDuration,
  toDbDate,
} from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../src/testing.ts';

/**
 * A change holds its database connection for its whole transaction, and on SQLite the server has
 * one connection. Reads of many rows (a queue page, a report's figures) run beside it (on SQLite on
 * a reader thread with a connection of its own, on MySQL on another pooled connection): they
 * answer while a change is in progress, with what was committed, and a read after the change
 * commits shows it.
 */
let api: TestApi;
let ticketId: string;

beforeAll(async () => {
  api = await createTestApi();
  const customer = await api.as(api.users.customer);
  ticketId = (await customer.tickets.create({ subject: 'Printer offline', body: 'It blinks.' })).id;
});
afterAll(() => api?.dispose());

/**
 * What `read` answers while a change to the ticket (`set`) is made and not yet committed, or
 * 'still waiting' if it has not answered after 5 s; the change commits afterwards.
 */
async function readDuringChange<T>(
  set: { subject?: string; status?: 'solved'; solved_at?: Date; priority?: 'urgent' },
  read: () => Promise<T>,
): Promise<T | 'still waiting'> {
  const entered = Promise.withResolvers<void>();
  const release = Promise.withResolvers<void>();
  const change = api.em().transactional(async (tx) => {
    await kyselyOf(tx).updateTable('tickets').set(set).where('id', '=', ticketId).execute();
    entered.resolve();
    await release.promise;
  });
  await entered.promise;
  try {
    // Were the read made on the change's connection, it would wait for the change to end.
    return await Promise.race([
      read(),
      new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
    ]);
  } finally {
    release.resolve();
    await change;
  }
}

const page = () =>
  listTicketRows(api.em(), {
    filter: {},
    sort: { key: 'activity', direction: 'desc', activity: 'updated_at' },
    limit: 25,
    withTags: false,
  });

describe('reads of many rows while a change is in progress', () => {
  it('a queue page answers at once, with what was committed, and shows the change once it commits', async () => {
    const during = await readDuringChange({ subject: 'Printer fixed' }, page);
    expect(during === 'still waiting' ? during : during.map((row) => row.subject)).toEqual([
      'Printer offline',
    ]);
    expect((await page()).map((row) => row.subject)).toEqual(['Printer fixed']);
  });

  it("a report's figures answer at once, with what was committed, and show the change once it commits", async () => {
    const scope = { start: new Date(Date.now() - 86_400_000), end: new Date(Date.now() + 86_400_000) };
    const figures = async () => {
      const backlog = await countBacklog(api.em());
      const solvedPerDay = await countTicketsPerDay(api.em(), 'solved_at', scope);
      const resolution = await medianTicketDuration(api.em(), 'solved_at', scope);
      return {
        backlog: backlog.byStatus.reduce((sum, row) => sum + row.count, 0),
        solved: solvedPerDay.reduce((sum, day) => sum + day.count, 0),
        resolved: resolution.count,
      };
    };
    const before = await figures();
    expect(before).toEqual({ backlog: 1, solved: 0, resolved: 0 });
    const solvedAt = toDbDate(dialectOf(api.em()), new Date());
    const during = await readDuringChange({ status: 'solved', solved_at: solvedAt }, figures);
    expect(during).toEqual(before);
    expect(await figures()).toEqual({ backlog: 0, solved: 1, resolved: 1 });
  });

  it("a view's count answers at once, with what was committed, and counts the change once it commits", async () => {
    const urgent = () => countTickets(api.em(), { priorities: ['urgent'] }, 999);
    expect(await urgent()).toBe(0);
    const during = await readDuringChange({ priority: 'urgent' }, urgent);
    expect(during).toBe(0);
    expect(await urgent()).toBe(1);
  });
});
