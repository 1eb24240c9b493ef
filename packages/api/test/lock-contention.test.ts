import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

/**
 * A write that another transaction holds up: the database gives up after a while (one second
 * here, LOCK_WAIT_SECONDS in production) or picks it as a deadlock's victim. The client is told to
 * try again (503), not that the server broke (500), and nothing of the request is saved.
 */
let api: TestApi;
let customer: Caller;
let agent: Caller;

beforeAll(async () => {
  api = await createTestApi(undefined, { lockWaitSeconds: 1 });
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
});
afterAll(() => api?.dispose());

/** Another connection takes the lock a reply to `ticketId` needs and keeps it until released. */
async function holdLock(ticketId: string): Promise<() => Promise<void>> {
  const { target } = api.db;
  if (target.dialect === 'sqlite') {
    // Another process's connection to the same file, in the middle of a write.
    const other = new DatabaseSync(target.path);
    other.exec('begin immediate');
    return async () => {
      other.exec('rollback');
      other.close();
    };
  }
  const em = api.em();
  const connection = em.getConnection();
  const trx = await connection.begin();
  await connection.execute('select id from tickets where id = ? for update', [ticketId], 'all', trx);
  return () => connection.rollback(trx);
}

describe('a write held up by another transaction', () => {
  it('answers SERVICE_UNAVAILABLE once the wait runs out, saves nothing, and succeeds when asked again', async () => {
    const ticket = await customer.tickets.create({ subject: 'Held up', body: 'The printer jams.' });
    const before = await agent.tickets.get({ id: ticket.id });

    const release = await holdLock(ticket.id);
    let code: string;
    try {
      code = await trpcCode(agent.tickets.reply({ ticketId: ticket.id, body: 'Have you tried paper?' }));
    } finally {
      await release();
    }
    expect(code).toBe('SERVICE_UNAVAILABLE');
    const after = await agent.tickets.get({ id: ticket.id });
    expect(after.messages).toEqual(before.messages);
    expect(after.version).toBe(before.version);
    expect(after.status).toBe(before.status);

    expect(await trpcCode(agent.tickets.reply({ ticketId: ticket.id, body: 'Have you tried paper?' }))).toBe(
      'OK',
    );
    expect((await agent.tickets.get({ id: ticket.id })).messages).toHaveLength(before.messages.length + 1);
  });
});
