import { kyselyOf, listTicketRows } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '../src/testing.ts';

/**
 * A change holds its database connection for its whole transaction, and on SQLite the server has
 * one connection. A queue page, a read of many rows, runs beside it (on SQLite on a reader thread
 * with a connection of its own, on MySQL on another pooled connection): it answers while a change
 * is in progress, with what was committed, and a page read after the change commits shows it.
 */
let api: TestApi;
let ticketId: string;

beforeAll(async () => {
  api = await createTestApi();
  const customer = await api.as(api.users.customer);
  ticketId = (await customer.tickets.create({ subject: 'Printer offline', body: 'It blinks.' })).id;
});
afterAll(() => api?.dispose());

const page = () =>
  listTicketRows(api.em(), {
    filter: {},
    sort: { key: 'activity', direction: 'desc', activity: 'updated_at' },
    limit: 25,
    withTags: false,
  });

describe('a queue page read while a change is in progress', () => {
  it('answers at once, with what was committed, and shows the change once it commits', async () => {
    const entered = Promise.withResolvers<void>();
    const release = Promise.withResolvers<void>();
    const change = api.em().transactional(async (tx) => {
      await kyselyOf(tx)
        .updateTable('tickets')
        .set({ subject: 'Printer fixed' })
        .where('id', '=', ticketId)
        .execute();
      entered.resolve();
      await release.promise;
    });
    await entered.promise;
    let during: Awaited<ReturnType<typeof page>> | 'still waiting';
    try {
      // Were the page read on the change's connection, it would wait for the change to end.
      during = await Promise.race([
        page(),
        new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5_000)),
      ]);
    } finally {
      release.resolve();
      await change;
    }
    expect(during === 'still waiting' ? during : during.map((row) => row.subject)).toEqual([
      'Printer offline',
    ]);
    expect((await page()).map((row) => row.subject)).toEqual(['Printer fixed']);
  });
});
