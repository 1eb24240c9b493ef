import { Message, Ticket, TicketEvent, User } from '@helpdesk/db';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './support.ts';

const DAY = 86_400_000;

describe('scheduled jobs', () => {
  it('auto-closes solved tickets on the interval, and stops when the server closes', async () => {
    const server = await startTestServer({ JOBS_INTERVAL_SECONDS: '1' });
    try {
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
});
