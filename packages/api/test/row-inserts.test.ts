import {
  type EntityManager,
  insertMessage,
  insertNotifications,
  insertOutboxMails,
  insertTimelineEntries,
  interceptStatements,
  kyselyOf,
  Message,
  Ticket,
  User,
} from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvent, timelineEntry } from '../src/rules/events.ts';
import { notificationRow, notify } from '../src/rules/notifications.ts';
import { outboxMail, queueMail } from '../src/services/mail-queue.ts';
import { type Caller, createTestApi, type TestApi } from '../src/testing.ts';

/**
 * A reply writes its message, timeline entries, notifications and mail as prepared inserts
 * (row-inserts.ts) where other changes write the same rows through entities: both must store the
 * same columns, defaults and forms (dates, booleans), or readers of either would see a difference.
 */
let api: TestApi;
let customer: Caller;
let agent: Caller;

beforeAll(async () => {
  api = await createTestApi();
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
});
afterAll(() => api?.dispose());

type Table = 'messages' | 'ticket_events' | 'notifications' | 'outbox_mails';

/** The rows a write added to a table, every column but the id (made fresh by either way). */
async function added(table: Table, write: (tx: EntityManager) => Promise<unknown>) {
  const db = kyselyOf(api.em());
  const before = new Set((await db.selectFrom(table).select('id').execute()).map((row) => row.id));
  await api.em().transactional(write);
  const rows = await db.selectFrom(table).selectAll().execute();
  return rows.filter((row) => !before.has(row.id)).map(({ id: _id, ...row }) => row);
}

describe('rows written as statements', () => {
  let ticketId: string;
  const at = new Date(Date.UTC(2031, 4, 6, 7, 8, 9, 123));

  beforeAll(async () => {
    ticketId = (await customer.tickets.create({ subject: 'Rows', body: 'x' })).id;
  });

  it('store a message as the unit of work does', async () => {
    for (const internal of [false, true]) {
      const message = { body: `Body ${internal}`, internal, createdAt: at };
      const byEntity = await added('messages', async (tx) => {
        tx.create(Message, {
          ...message,
          ticket: tx.getReference(Ticket, ticketId),
          author: tx.getReference(User, api.users.agent.id),
        });
      });
      const byStatement = await added('messages', (tx) =>
        insertMessage(tx, { ...message, ticketId, authorId: api.users.agent.id }),
      );
      expect(byEntity).toHaveLength(1);
      expect(byStatement).toEqual(byEntity);
    }
  });

  it('store timeline entries as the unit of work does', async () => {
    const entries = [
      { actorId: api.users.agent.id, kind: 'replied', internal: false, at },
      { actorId: null, kind: 'field_changed', field: 'status', from: 'new', to: 'x'.repeat(300), internal: true, at },
    ] as const;
    for (const entry of entries) {
      const byEntity = await added('ticket_events', async (tx) => {
        recordEvent(tx, { ...entry, ticket: tx.getReference(Ticket, ticketId) });
      });
      const byStatement = await added('ticket_events', (tx) =>
        insertTimelineEntries(tx, [timelineEntry(ticketId, entry)]),
      );
      expect(byEntity).toHaveLength(1);
      expect(byStatement).toEqual(byEntity);
    }
  });

  it('store notifications as the unit of work does, and none for the one acting', async () => {
    for (const actorId of [api.users.customer.id, null]) {
      const input = { userId: api.users.agent.id, kind: 'customer_replied', actorId, at } as const;
      const byEntity = await added('notifications', async (tx) => {
        notify(tx, { ...input, ticket: tx.getReference(Ticket, ticketId) });
      });
      const byStatement = await added('notifications', async (tx) => {
        const row = notificationRow({ ...input, ticketId });
        await insertNotifications(tx, row ? [row] : []);
      });
      expect(byEntity).toHaveLength(1);
      expect(byStatement).toEqual(byEntity);
    }
    expect(notificationRow({ userId: 'a', kind: 'mentioned', ticketId, actorId: 'a', at })).toBeNull();
  });

  it('queue mails as the unit of work does', async () => {
    const mail = { to: 'someone@example.test', subject: 's'.repeat(300), text: 'Hello', kind: 'ticket_reply' };
    const byEntity = await added('outbox_mails', async (tx) => {
      queueMail(tx, mail, at);
    });
    const byStatement = await added('outbox_mails', (tx) => insertOutboxMails(tx, [outboxMail(mail, at)]));
    expect(byEntity).toHaveLength(1);
    expect(byStatement).toEqual(byEntity);
    expect(() => outboxMail({ ...mail, subject: 'two\nlines' }, at)).toThrow(/single lines/);
  });
});

describe('a reply', () => {
  it('writes only prepared statements, none with values in its SQL', async () => {
    api.tick();
    const { id } = await customer.tickets.create({ subject: 'Statements', body: 'Help' });
    const statements: string[] = [];
    const stop = interceptStatements(api.db.orm, (sql) => statements.push(sql));
    try {
      api.tick();
      await agent.tickets.reply({ ticketId: id, body: 'On it', status: 'pending' });
      api.tick();
      await customer.tickets.reply({ ticketId: id, body: 'Thanks' });
    } finally {
      stop();
    }
    const writes = statements.filter((sql) => /^\s*(insert|update|delete)\b/i.test(sql));
    // Per reply: message, ticket, timeline, mail, search document.
    expect(writes.filter((sql) => /^insert into .messages./.test(sql))).toHaveLength(2);
    expect(writes.filter((sql) => /^insert into .outbox_mails./.test(sql))).toHaveLength(1);
    for (const sql of writes) expect(sql).toMatch(/\?/);
  });
});
