import { TicketEvent } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
let customer: Caller;
let agent: Caller;

beforeAll(async () => {
  api = await createTestApi();
  customer = await api.as(api.users.customer);
  agent = await api.as(api.users.agent);
});
afterAll(() => api?.dispose());

describe('status rules', () => {
  it('an agent replies and sets the status in one step; a customer may not; a refused one sends nothing', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Send and solve', body: 'hello' });
    api.tick();
    const answered = await agent.tickets.reply({ ticketId: ticket.id, body: 'Fixed it', status: 'solved' });
    expect(answered.ticket.status).toBe('solved');
    const detail = await agent.tickets.get({ id: ticket.id });
    expect(detail.solvedAt).not.toBeNull();
    expect(detail.firstResponseAt).not.toBeNull();
    const events = await agent.tickets.timeline({ id: ticket.id });
    expect(JSON.stringify(events)).toContain('solved');

    api.tick();
    const before = (await customer.tickets.get({ id: ticket.id })).messages.length;
    expect(
      await trpcCode(customer.tickets.reply({ ticketId: ticket.id, body: 'Thanks', status: 'closed' })),
    ).toBe('FORBIDDEN');
    expect((await customer.tickets.get({ id: ticket.id })).messages).toHaveLength(before);
    expect((await agent.tickets.get({ id: ticket.id })).status).toBe('solved');
  });

  it("an agent's public reply opens a new ticket and stamps the first response; a note does neither", async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'New one', body: 'hello' });
    api.tick();
    const note = await agent.tickets.reply({ ticketId: ticket.id, body: 'looking', internal: true });
    expect(note.ticket.status).toBe('new');
    expect((await agent.tickets.get({ id: ticket.id })).firstResponseAt).toBeNull();
    api.tick();
    const replyAt = api.clock.now.toISOString();
    const reply = await agent.tickets.reply({ ticketId: ticket.id, body: 'on it' });
    expect(reply.ticket.status).toBe('open');
    expect((await agent.tickets.get({ id: ticket.id })).firstResponseAt).toBe(replyAt);
  });

  it("a customer's reply reopens pending and solved tickets, not on-hold ones", async () => {
    for (const status of ['pending', 'solved', 'on_hold'] as const) {
      api.tick();
      const ticket = await customer.tickets.create({ subject: `Was ${status}`, body: 'x' });
      api.tick();
      await agent.tickets.update({ id: ticket.id, version: 1, status });
      api.tick();
      const reply = await customer.tickets.reply({ ticketId: ticket.id, body: 'any news?' });
      expect(reply.ticket.status).toBe(status === 'on_hold' ? 'on_hold' : 'open');
    }
  });

  it('a closed ticket is read-only; a customer follow-up starts a new ticket linked to it', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Old issue', body: 'x', priority: 'high' });
    api.tick();
    await agent.tickets.update({ id: ticket.id, version: 1, status: 'closed' });
    api.tick();
    expect(await trpcCode(agent.tickets.reply({ ticketId: ticket.id, body: 'late' }))).toBe('CONFLICT');
    const followUp = await customer.tickets.reply({ ticketId: ticket.id, body: 'It broke again' });
    expect(followUp.followUp).toBe(true);
    expect(followUp.ticket.id).not.toBe(ticket.id);
    expect(followUp.ticket).toMatchObject({ status: 'new', subject: 'Re: Old issue', priority: 'high' });
    const detail = await customer.tickets.get({ id: followUp.ticket.id });
    expect(detail.followUpOf).toMatchObject({ id: ticket.id, reference: ticket.reference });
    expect(detail.messages.map((message) => message.body)).toEqual(['It broke again']);
    const original = await customer.tickets.get({ id: ticket.id });
    expect(original.status).toBe('closed');
    expect(original.messages).toHaveLength(1);
    const timeline = await customer.tickets.timeline({ id: ticket.id });
    expect(timeline.at(-1)).toMatchObject({ kind: 'follow_up_created', to: followUp.ticket.reference });
  });
});

describe('the timeline', () => {
  it('records who changed which field from what to what, and when', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Track me', body: 'x' });
    api.tick();
    const at = api.clock.now.toISOString();
    await agent.tickets.update({
      id: ticket.id,
      version: 1,
      priority: 'urgent',
      assigneeId: api.users.agent.id,
      tags: ['vip'],
    });
    const timeline = await agent.tickets.timeline({ id: ticket.id });
    expect(timeline[0]).toMatchObject({ kind: 'created', actor: { id: api.users.customer.id } });
    const changes = timeline.filter((entry) => entry.kind === 'field_changed');
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'priority', from: 'normal', to: 'urgent', at, internal: false }),
        expect.objectContaining({ field: 'assignee', from: null, to: 'Agnes Agent', internal: false }),
        expect.objectContaining({ field: 'tags', from: null, to: 'vip', internal: true }),
      ]),
    );
    for (const change of changes)
      expect(change.actor).toMatchObject({ id: api.users.agent.id, name: 'Agnes Agent' });
  });

  it('shows customers public entries only', async () => {
    api.tick();
    const ticket = await customer.tickets.create({ subject: 'Public only', body: 'x' });
    api.tick();
    const note = await agent.tickets.reply({ ticketId: ticket.id, body: 'secret', internal: true });
    api.tick();
    // Any change to the ticket, a note included, moves its version on.
    expect(note.ticket.version).toBe(2);
    await agent.tickets.update({ id: ticket.id, version: 2, tags: ['internal-tag'], priority: 'low' });
    const theirs = await customer.tickets.timeline({ id: ticket.id });
    expect(theirs.every((entry) => !entry.internal)).toBe(true);
    expect(theirs.map((entry) => entry.kind)).toEqual(['created', 'field_changed']);
    expect(JSON.stringify(theirs)).not.toContain('internal-tag');
    const all = await api.em().count(TicketEvent, { ticket: ticket.id });
    expect(all).toBeGreaterThan(theirs.length);
    expect(await trpcCode((await api.as(api.users.otherCustomer)).tickets.timeline({ id: ticket.id }))).toBe(
      'NOT_FOUND',
    );
  });
});
