import { Message, Ticket } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/context.ts';
import { toTicketDetail } from '../src/mappers/tickets.ts';
import { linkedTickets } from '../src/rules/tickets/read.ts';
import { type Caller, createTestApi, type TestApi, type TestUser } from '../src/testing.ts';

/**
 * `tickets.get` reads its rows by hand-written SQL and maps them without entities; the writes
 * answer with `toTicketDetail` built from entities. Both must say exactly the same thing.
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

const actorOf = (user: TestUser): Actor => ({
  id: user.id,
  role: user.role,
  name: user.name,
  email: user.email,
  organizationId: null,
  sharesOrganizationTickets: false,
});

/** The answer built the entity way: every relation populated, then `toTicketDetail`. */
async function fromEntities(id: string, viewer: TestUser) {
  const em = api.em();
  const staff = viewer.role !== 'customer';
  const ticket = await em.findOneOrFail(Ticket, id, {
    populate: ['requester', 'assignee', 'team', 'category', 'mergedInto', 'followUpOf', 'tags'],
  });
  const messages = await em.find(Message, staff ? { ticket: id } : { ticket: id, internal: false }, {
    populate: ['author'],
    orderBy: { createdAt: 'asc', id: 'asc' },
  });
  const links = staff ? await linkedTickets(em, id) : [];
  return toTicketDetail(ticket, messages, actorOf(viewer), links, []);
}

describe('tickets.get', () => {
  it('answers what the entity mapper answers, for agents and customers', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Printer offline', body: 'It says offline.' });
    api.tick();
    const other = await customer.tickets.create({ subject: 'Scanner too', body: 'Same network.' });
    api.tick();
    await agent.tickets.reply({ ticketId: ticket.id, body: 'Which model is it?' });
    api.tick();
    await agent.tickets.reply({ ticketId: ticket.id, body: 'Looks like the VLAN change.', internal: true });
    api.tick();
    await customer.tickets.reply({ ticketId: ticket.id, body: 'An XL-200.' });
    api.tick();
    const current = await agent.tickets.get({ id: ticket.id });
    await agent.tickets.update({
      id: ticket.id,
      version: current.version,
      tags: ['printing', 'network'],
      priority: 'high',
      dueAt: new Date(api.clock.now.getTime() + 86_400_000).toISOString(),
    });
    api.tick();
    await agent.tickets.link({ ticketId: ticket.id, relatedId: other.id });

    for (const [caller, user] of [
      [agent, api.users.agent],
      [customer, api.users.customer],
    ] as const) {
      const answer = await caller.tickets.get({ id: ticket.id });
      expect(answer).toEqual(await fromEntities(ticket.id, user));
      expect(JSON.stringify(answer)).toBe(JSON.stringify(await fromEntities(ticket.id, user)));
    }
    const asAgent = await agent.tickets.get({ id: ticket.id });
    expect(asAgent.messages).toHaveLength(4);
    expect(asAgent.tags).toEqual(['network', 'printing']);
    expect(asAgent.links?.map((link) => link.id)).toEqual([other.id]);
    expect((await customer.tickets.get({ id: ticket.id })).messages).toHaveLength(3);
  });

  it('answers the same for a closed ticket and the follow-up a customer started from it', async () => {
    api.tick();
    const original = await customer.tickets.create({ subject: 'Refund', body: 'Please refund order 7.' });
    api.tick();
    const current = await agent.tickets.get({ id: original.id });
    await agent.tickets.update({ id: original.id, version: current.version, status: 'closed' });
    api.tick();
    const reply = await customer.tickets.reply({ ticketId: original.id, body: 'It never arrived.' });
    expect(reply.followUp).toBe(true);
    for (const id of [original.id, reply.ticket.id]) {
      expect(await agent.tickets.get({ id })).toEqual(await fromEntities(id, api.users.agent));
      expect(await customer.tickets.get({ id })).toEqual(await fromEntities(id, api.users.customer));
    }
    expect((await agent.tickets.get({ id: reply.ticket.id })).followUpOf?.id).toBe(original.id);
  });
});
