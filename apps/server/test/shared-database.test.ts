import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sessionCookieName } from '@helpdesk/auth';
import { cookieJarFetch, createHelpdeskClient } from '@helpdesk/client';
import { describe, expect, it } from 'vitest';
import { startTestServer, waitForLine } from './support.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/**
 * Two server processes on one database, as during a rolling restart (the new server starts while
 * the old one finishes its requests) or beside a command such as `npm run user:create`. On MySQL
 * that is the everyday case; on SQLite the second process writes to the same file, and a
 * transaction that read before the other's write and writes after it used to fail at once with
 * "database is locked" (HTTP 500) instead of waiting its turn.
 */
describe('two server processes on one database', () => {
  it('answers every reply sent to both at once', async () => {
    const server = await startTestServer();
    const { target } = server.db;
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        DATABASE_URL: target.dialect === 'mysql' ? target.url : `sqlite:${target.path}`,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    try {
      const [, url = ''] = await waitForLine(child, /listening on (http:\/\/\S+)/, output);
      const customer = await server.signedIn(server.users.customer);
      const agentHere = await server.signedIn(server.users.agent);
      // The same session on the other process: sessions live in the database.
      const jar = cookieJarFetch();
      const cookie = sessionCookieName(false);
      jar.cookies.set(cookie, server.cookiesOf(agentHere).get(cookie) ?? '');
      const agentThere = createHelpdeskClient({ url, fetch: jar });

      const tickets = await Promise.all(
        [1, 2, 3, 4].map((n) =>
          customer.tickets.create.mutate({ subject: `Printer ${n}`, body: 'It jams.' }),
        ),
      );
      const replies = Array.from({ length: 48 }, (_, i) => {
        const agent = i % 2 === 0 ? agentHere : agentThere;
        const ticket = tickets[i % tickets.length];
        return agent.tickets.reply.mutate({ ticketId: ticket?.id ?? '', body: `Reply ${i}` });
      });
      const outcomes = await Promise.allSettled(replies);
      const failures = outcomes.flatMap((outcome) =>
        outcome.status === 'rejected' ? [String(outcome.reason)] : [],
      );
      expect(failures).toEqual([]);

      for (const ticket of tickets) {
        const { messages } = await agentHere.tickets.get.query({ id: ticket.id });
        expect(messages).toHaveLength(1 + 12);
      }
    } finally {
      child.kill('SIGTERM');
      await server.close();
    }
  }, 60_000);
});
