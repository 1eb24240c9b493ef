import {
  type EntityManager,
  insertMessage,
  insertNotifications,
  insertOutboxMails,
  insertSearchDocument,
  insertTicketRow,
  insertTimelineEntries,
  interceptStatements,
  kyselyOf,
  Message,
  Ticket,
  TicketSearch,
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

type Table = 'tickets' | 'ticket_search' | 'messages' | 'ticket_events' | 'notifications' | 'outbox_mails';

/**
 * The rows a write added to a table, every column but the keys either way makes afresh (the id,
 * and a ticket's reference).
 */
async function added(table: Table, write: (tx: EntityManager) => Promise<unknown>) {
  const db = kyselyOf(api.em());
  const ids = async () => (await db.selectFrom(table).select('id').execute()).map((row) => String(row.id));
  const before = new Set(await ids());
  await api.em().transactional(write);
  const rows: Record<string, unknown>[] = await db.selectFrom(table).selectAll().execute();
  return rows
    .filter((row) => !before.has(String(row.id)))
    .map(({ id: _id, reference: _reference, ...row }) => row);
}

describe('rows written as statements', () => {
  let ticketId: string;
  const at = new Date(Date.UTC(2031, 4, 6, 7, 8, 9, 123));

  beforeAll(async () => {
    ticketId = (await customer.tickets.create({ subject: 'Rows', body: 'x' })).id;
  });

  it('store a ticket and its search document as the unit of work does', async () => {
    const parent = await api.em().findOneOrFail(Ticket, ticketId);
    for (const followUpOf of [null, parent]) {
      const ticket = {
        subject: 'Born',
        priority: 'high',
        priorityRank: 3,
        channel: 'agent',
        customFields: { plan: 'gold', seats: 3 },
        createdAt: at,
      } as const;
      let entityId = '';
      const byEntity = await added('tickets', async (tx) => {
        const created = tx.create(Ticket, {
          ...ticket,
          requester: tx.getReference(User, api.users.customer.id),
          followUpOf: followUpOf && tx.getReference(Ticket, followUpOf.id),
          updatedAt: at,
          customerUpdatedAt: at,
        });
        tx.create(TicketSearch, { ticket: created, publicText: 'Born\nBody', internalText: '' });
        await tx.flush();
        entityId = created.id;
      });
      let statementId = '';
      const byStatement = await added('tickets', async (tx) => {
        statementId = (
          await insertTicketRow(tx, {
            ...ticket,
            requesterId: api.users.customer.id,
            categoryId: null,
            followUpOfId: followUpOf?.id ?? null,
          })
        ).id;
        await insertSearchDocument(tx, statementId, 'Born\nBody');
      });
      expect(byEntity).toHaveLength(1);
      expect(byStatement).toEqual(byEntity);
      const search = async (id: string) => {
        const {
          id: _id,
          ticket_id: _ticket,
          ...row
        } = await kyselyOf(api.em())
          .selectFrom('ticket_search')
          .selectAll()
          .where('ticket_id', '=', id)
          .executeTakeFirstOrThrow();
        return row;
      };
      expect(await search(statementId)).toEqual(await search(entityId));
    }
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
      {
        actorId: null,
        kind: 'field_changed',
        field: 'status',
        from: 'new',
        to: 'x'.repeat(300),
        internal: true,
        at,
      },
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
    const mail = {
      to: 'someone@example.test',
      subject: 's'.repeat(300),
      text: 'Hello',
      kind: 'ticket_reply',
    };
    const byEntity = await added('outbox_mails', async (tx) => {
      queueMail(tx, mail, at);
    });
    const byStatement = await added('outbox_mails', (tx) => insertOutboxMails(tx, [outboxMail(mail, at)]));
    expect(byEntity).toHaveLength(1);
    expect(byStatement).toEqual(byEntity);
    expect(() => outboxMail({ ...mail, subject: 'two\nlines' }, at)).toThrow(/single lines/);
  });
});

describe('a new ticket', () => {
  it('is written with prepared statements only, none with values in its SQL', async () => {
    const statements: string[] = [];
    const stop = interceptStatements(api.db.orm, (sql) => statements.push(sql));
    try {
      api.tick();
      await customer.tickets.create({ subject: 'Prepared', body: 'Help', priority: 'urgent' });
      await agent.tickets.create({ subject: 'For them', body: 'Noted', requesterId: api.users.customer.id });
    } finally {
      stop();
    }
    const writes = statements.filter((sql) => /^\s*(insert|update|delete)\b/i.test(sql));
    // Per ticket: the ticket, its message, search document and timeline entry.
    expect(writes.filter((sql) => /^insert into .tickets./.test(sql))).toHaveLength(2);
    expect(writes).toHaveLength(8);
    for (const sql of writes) expect(sql).toMatch(/\?/);
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
