import { SEARCH_INDEX_REBUILT_KEY } from '@helpdesk/api';
import { Message, Setting, seedDemoDesk, Ticket, TicketEvent, User } from '@helpdesk/db';
import { describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.ts';

const DAY = 86_400_000;

/** A ticket solved 8 days ago: the first maintenance run closes it (and logs). */
async function solvedLongAgo(server: TestServer) {
  const em = server.db.orm.em.fork();
  const requester = await em.findOneOrFail(User, server.users.customer.id);
  const solvedAt = new Date(server.clock.now.getTime() - 8 * DAY);
  const ticket = em.create(Ticket, {
    subject: 'Old and solved',
    status: 'solved',
    requester,
    customFields: {},
    solvedAt,
    createdAt: solvedAt,
    updatedAt: solvedAt,
    customerUpdatedAt: solvedAt,
  });
  em.create(Message, { ticket, author: requester, body: 'Solved long ago', createdAt: solvedAt });
  await em.flush();
  return ticket;
}

describe('scheduled jobs', () => {
  it('auto-closes solved tickets on the interval, and stops when the server closes', async () => {
    const server = await startTestServer({ JOBS_INTERVAL_SECONDS: '1' });
    try {
      const ticket = await solvedLongAgo(server);

      // Waits for the first run (about a second), however long a slow machine takes.
      let status = 'solved';
      for (let i = 0; i < 200 && status !== 'closed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        status = (await server.db.orm.em.fork().findOneOrFail(Ticket, ticket.id)).status;
      }
      expect(status).toBe('closed');
      expect(
        await server.db.orm.em.fork().count(TicketEvent, { ticket: ticket.id, kind: 'auto_closed' }),
      ).toBe(1);
      // The run logs once all of its steps are done, a moment after the ticket is closed.
      for (let i = 0; i < 200 && !server.logs.join('').includes('"event":"jobs.maintenance"'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(server.logs.join('')).toContain('"event":"jobs.maintenance"');
    } finally {
      // Resolves only once the timer is stopped and a run in progress has ended (the ORM closes after).
      await server.close();
    }
    expect(server.logs.join('')).not.toContain('jobs.failed');
  });

  it('rebuilds the full-text index when due, beside the rest of the maintenance', async () => {
    const server = await startTestServer({ JOBS_INTERVAL_SECONDS: '1' });
    try {
      // 1,000 tickets changed since the last rebuild (there was none): due.
      await seedDemoDesk(server.db.orm.em.fork(), { tickets: 1_000, passwordHash: 'x', seed: 4 });
      await solvedLongAgo(server);
      const logged = (event: string) => server.logs.join('').includes(`"event":"${event}"`);
      // The maintenance run logs (it closes that ticket), and the rebuild beside it.
      for (let i = 0; i < 400 && !(logged('jobs.search_index_rebuilt') && logged('jobs.maintenance')); i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      expect(logged('jobs.maintenance')).toBe(true);
      const rebuilt = await server.db.orm.em.fork().findOne(Setting, { key: SEARCH_INDEX_REBUILT_KEY });
      expect(logged('jobs.search_index_rebuilt')).toBe(true);
      expect(rebuilt).not.toBeNull();
    } finally {
      await server.close();
    }
    expect(server.logs.join('')).not.toContain('jobs.search_index_failed');
  }, 60_000);
});
