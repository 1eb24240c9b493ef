import { OutboxMail, User } from '@helpdesk/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { toActor } from '../src/context.ts';
import { replyToTicket } from '../src/rules/tickets/reply.ts';
import {
  type Caller,
  createTestApi,
  makeUser,
  type TestApi,
  type TestUser,
  trpcCode,
} from '../src/testing.ts';

let api: TestApi;
let customer: Caller;
let agent: Caller;
let admin: Caller;
let otherAgent: TestUser;

beforeAll(async () => {
  api = await createTestApi();
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
  admin = await api.as(api.users.admin);
  otherAgent = await makeUser(api.em(), 'agent', 'Bob Backup');
});
afterAll(() => api?.dispose());

// Each test starts with an empty outbox, so it sees only the mails its own actions queued.
beforeEach(async () => {
  await api.em().nativeDelete(OutboxMail, {});
});

const outbox = () => api.em().find(OutboxMail, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });

async function newTicket(subject = 'The printer is on fire') {
  api.tick();
  const { id } = await customer.tickets.create({ subject, body: 'Smoke everywhere.' });
  return agent.tickets.get({ id });
}

/** The link a mail must carry: from the API's configured public URL, nothing else. */
const linkTo = (ticketId: string) => `{{PUBLIC_URL}}/tickets/${ticketId}`;

describe('ticket notification mails', () => {
  it('an agent reply mails the requester the reply and a link to the ticket', async () => {
    const ticket = await newTicket();
    api.tick();
    await agent.tickets.reply({ ticketId: ticket.id, body: 'Please step away from the printer.' });

    const mails = await outbox();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      to: api.users.customer.email,
      subject: `[#${ticket.reference}] The printer is on fire`,
      kind: 'ticket_reply',
      status: 'pending',
    });
    expect(mails[0]?.text).toContain('Please step away from the printer.');
    expect(mails[0]?.text).toContain(linkTo(ticket.id));
    expect(mails[0]?.text).toContain(api.users.agent.name);
  });

  it('an internal note mails nobody, and its text reaches no mail afterwards', async () => {
    const ticket = await newTicket();
    api.tick();
    await agent.tickets.reply({
      ticketId: ticket.id,
      body: 'NOTE-SECRET: customer owes us money',
      internal: true,
    });
    expect(await outbox()).toEqual([]);

    api.tick();
    // The note moved the version on.
    await admin.tickets.update({
      id: ticket.id,
      version: ticket.version + 1,
      assigneeId: api.users.agent.id,
    });
    api.tick();
    await agent.tickets.reply({ ticketId: ticket.id, body: 'We are on it.' });
    api.tick();
    await customer.tickets.reply({ ticketId: ticket.id, body: 'Thanks!' });

    const mails = await outbox();
    expect(mails.map((mail) => mail.kind)).toEqual([
      'ticket_assigned',
      'ticket_reply',
      'ticket_customer_reply',
    ]);
    for (const mail of mails) {
      expect(mail.text).not.toContain('NOTE-SECRET');
      expect(mail.subject).not.toContain('NOTE-SECRET');
    }
  });

  it('assignment mails the assignee, but not an agent who assigns themselves', async () => {
    const ticket = await newTicket();
    api.tick();
    await admin.tickets.update({ id: ticket.id, version: ticket.version, assigneeId: api.users.agent.id });

    const [mail, ...rest] = await outbox();
    expect(rest).toEqual([]);
    expect(mail).toMatchObject({
      to: api.users.agent.email,
      subject: `[#${ticket.reference}] The printer is on fire`,
      kind: 'ticket_assigned',
    });
    expect(mail?.text).toContain(linkTo(ticket.id));

    await api.em().nativeDelete(OutboxMail, {});
    const mine = await newTicket('Another one');
    api.tick();
    await agent.tickets.take({ id: mine.id, version: mine.version });
    expect(await outbox()).toEqual([]);
  });

  it('a bulk assignment mails the assignee once per ticket', async () => {
    const first = await newTicket('First');
    const second = await newTicket('Second');
    api.tick();
    await agent.tickets.bulkUpdate({ ids: [first.id, second.id], assigneeId: otherAgent.id });

    const mails = await outbox();
    expect(mails.map((mail) => [mail.to, mail.kind])).toEqual([
      [otherAgent.email, 'ticket_assigned'],
      [otherAgent.email, 'ticket_assigned'],
    ]);
    expect(mails.map((mail) => mail.subject).sort()).toEqual(
      [`[#${first.reference}] First`, `[#${second.reference}] Second`].sort(),
    );
  });

  it('a customer reply mails the assignee, and nobody while the ticket is unassigned', async () => {
    const ticket = await newTicket();
    api.tick();
    await customer.tickets.reply({ ticketId: ticket.id, body: 'Anyone there?' });
    expect(await outbox()).toEqual([]);

    api.tick();
    await admin.tickets.update({
      id: ticket.id,
      version: (await agent.tickets.get({ id: ticket.id })).version,
      assigneeId: otherAgent.id,
    });
    await api.em().nativeDelete(OutboxMail, {});
    api.tick();
    await customer.tickets.reply({ ticketId: ticket.id, body: 'Still burning.' });

    const mails = await outbox();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      to: otherAgent.email,
      subject: `[#${ticket.reference}] The printer is on fire`,
      kind: 'ticket_customer_reply',
    });
    expect(mails[0]?.text).toContain('Still burning.');
    expect(mails[0]?.text).toContain(linkTo(ticket.id));
  });

  it("a customer writing to a closed ticket mails the closed ticket's assignee about the follow-up", async () => {
    const ticket = await newTicket('Old issue');
    api.tick();
    const assigned = await admin.tickets.update({
      id: ticket.id,
      version: ticket.version,
      assigneeId: otherAgent.id,
    });
    api.tick();
    await agent.tickets.update({ id: ticket.id, version: assigned.version, status: 'closed' });
    await api.em().nativeDelete(OutboxMail, {});
    api.tick();
    const reply = await customer.tickets.reply({ ticketId: ticket.id, body: 'It broke again.' });
    expect(reply.followUp).toBe(true);

    const mails = await outbox();
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({
      to: otherAgent.email,
      subject: `[#${reply.ticket.reference}] Re: Old issue`,
      kind: 'ticket_customer_reply',
    });
    expect(mails[0]?.text).toContain('It broke again.');
    expect(mails[0]?.text).toContain(linkTo(reply.ticket.id));
  });

  it('a deactivated requester gets no mail', async () => {
    const leaver = await makeUser(api.em(), 'customer', 'Lena Leaver');
    api.tick();
    const { id } = await (await api.as(leaver)).tickets.create({ subject: 'Bye', body: 'Last one.' });
    await api.em().nativeUpdate(User, { id: leaver.id }, { active: false });
    api.tick();
    await agent.tickets.reply({ ticketId: id, body: 'Sorry to see you go.' });
    expect(await outbox()).toEqual([]);
  });
});

describe('a change that is rolled back mails nobody', () => {
  it('a stale update that would assign gets CONFLICT and queues nothing', async () => {
    const ticket = await newTicket();
    api.tick();
    await agent.tickets.update({ id: ticket.id, version: ticket.version, priority: 'high' });
    await api.em().nativeDelete(OutboxMail, {});
    expect(
      await trpcCode(
        admin.tickets.update({ id: ticket.id, version: ticket.version, assigneeId: otherAgent.id }),
      ),
    ).toBe('CONFLICT');
    expect(await outbox()).toEqual([]);
  });

  it('a reply whose surrounding unit of work fails afterwards leaves no mail behind', async () => {
    const ticket = await newTicket();
    const em = api.em();
    const actor = toActor(await em.findOneOrFail(User, api.users.agent.id, { populate: ['organization'] }));
    api.tick();
    await expect(
      em.transactional(async (tx) => {
        await replyToTicket(
          tx,
          actor,
          { ticketId: ticket.id, body: 'This reply never happened.' },
          api.clock.now,
        );
        // The mail was queued in this unit of work...
        expect(await tx.count(OutboxMail, {})).toBe(1);
        throw new Error('a later step failed');
      }),
    ).rejects.toThrow('a later step failed');

    // ...and left with it.
    expect(await outbox()).toEqual([]);
    const detail = await agent.tickets.get({ id: ticket.id });
    expect(detail.messages.map((message) => message.body)).not.toContain('This reply never happened.');
  });
});
