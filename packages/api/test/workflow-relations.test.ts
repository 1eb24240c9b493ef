import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
let customer: Caller;
let otherCustomer: Caller;
let agent: Caller;

beforeAll(async () => {
  api = await createTestApi();
  customer = await api.as(api.users.customer);
  otherCustomer = await api.as(api.users.otherCustomer);
  agent = await api.as(api.users.agent);
});
afterAll(() => api?.dispose());

async function ticketOf(caller: Caller, subject: string, body = 'first message') {
  api.tick();
  return caller.tickets.create({ subject, body });
}

describe('tickets.merge', () => {
  it('moves the messages to the target, closes the source pointing at it, and says so on both', async () => {
    const target = await ticketOf(customer, 'Wifi down', 'no wifi since monday');
    const source = await ticketOf(customer, 'Wifi again', 'still nothing: kumquat');
    api.tick();
    await agent.tickets.reply({ ticketId: source.id, body: 'note on the duplicate', internal: true });
    api.tick();
    const result = await agent.tickets.merge({ sourceId: source.id, targetId: target.id });
    expect(result.source).toMatchObject({ status: 'closed' });

    const merged = await agent.tickets.get({ id: target.id });
    expect(merged.messages.map((message) => message.body)).toEqual([
      'no wifi since monday',
      'still nothing: kumquat',
      'note on the duplicate',
    ]);
    const closed = await customer.tickets.get({ id: source.id });
    expect(closed.mergedInto).toMatchObject({ id: target.id, reference: target.reference });
    expect(closed.messages).toEqual([]);
    expect((await customer.tickets.timeline({ id: target.id })).map((entry) => entry.kind)).toContain(
      'merged_from',
    );
    expect((await customer.tickets.timeline({ id: source.id })).map((entry) => entry.kind)).toContain(
      'merged_into',
    );
    // The target is now found by the source's words; the customer still never sees the note.
    expect((await customer.tickets.list({ search: 'kumquat' })).items.map((item) => item.id)).toEqual([
      target.id,
    ]);
    expect(JSON.stringify(await customer.tickets.get({ id: target.id }))).not.toContain(
      'note on the duplicate',
    );
  });

  it('refuses closed tickets, self-merges and tickets of different requesters, changing nothing', async () => {
    const mine = await ticketOf(customer, 'Mine');
    const theirs = await ticketOf(otherCustomer, 'Theirs');
    expect(await trpcCode(agent.tickets.merge({ sourceId: mine.id, targetId: theirs.id }))).toBe(
      'BAD_REQUEST',
    );
    expect(await trpcCode(agent.tickets.merge({ sourceId: mine.id, targetId: mine.id }))).toBe('BAD_REQUEST');
    const done = await ticketOf(customer, 'Done');
    await agent.tickets.update({ id: done.id, version: 1, status: 'closed' });
    expect(await trpcCode(agent.tickets.merge({ sourceId: mine.id, targetId: done.id }))).toBe('CONFLICT');
    expect((await agent.tickets.get({ id: mine.id })).messages).toHaveLength(1);
    expect(await trpcCode(customer.tickets.merge({ sourceId: mine.id, targetId: done.id }))).toBe(
      'FORBIDDEN',
    );
  });
});

describe('tickets.link', () => {
  it('relates two tickets both ways, idempotently, for agents only', async () => {
    const a = await ticketOf(customer, 'Printer A');
    const b = await ticketOf(otherCustomer, 'Printer B');
    await agent.tickets.link({ ticketId: a.id, relatedId: b.id });
    await agent.tickets.link({ ticketId: b.id, relatedId: a.id });
    expect((await agent.tickets.get({ id: a.id })).links?.map((link) => link.id)).toEqual([b.id]);
    expect((await agent.tickets.get({ id: b.id })).links?.map((link) => link.id)).toEqual([a.id]);
    // Customers never see links (the other ticket may be someone else's).
    expect((await customer.tickets.get({ id: a.id })).links).toBeUndefined();
    await agent.tickets.unlink({ ticketId: b.id, relatedId: a.id });
    expect((await agent.tickets.get({ id: a.id })).links).toEqual([]);
    expect(await trpcCode(agent.tickets.link({ ticketId: a.id, relatedId: a.id }))).toBe('BAD_REQUEST');
    expect(await trpcCode(customer.tickets.link({ ticketId: a.id, relatedId: b.id }))).toBe('FORBIDDEN');
  });
});

describe('tickets.split', () => {
  it('moves a message out into a new ticket of the same requester', async () => {
    const ticket = await ticketOf(customer, 'Two questions', 'first question');
    api.tick();
    const second = await customer.tickets.reply({
      ticketId: ticket.id,
      body: 'also: my invoice address is wrong',
    });
    api.tick();
    const split = await agent.tickets.split({ messageId: second.message.id, subject: 'Invoice address' });
    expect(split).toMatchObject({
      subject: 'Invoice address',
      requester: { id: api.users.customer.id },
      channel: 'agent',
    });
    expect(split.messages.map((message) => message.body)).toEqual(['also: my invoice address is wrong']);
    const original = await agent.tickets.get({ id: ticket.id });
    expect(original.messages.map((message) => message.body)).toEqual(['first question']);
    expect((await customer.tickets.timeline({ id: ticket.id })).map((entry) => entry.kind)).toContain(
      'split_to',
    );
    expect((await customer.tickets.list({ search: 'invoice address' })).items.map((item) => item.id)).toEqual(
      [split.id],
    );
  });

  it('refuses the first message and internal notes', async () => {
    const ticket = await ticketOf(customer, 'Single');
    const detail = await agent.tickets.get({ id: ticket.id });
    expect(await trpcCode(agent.tickets.split({ messageId: detail.messages[0]?.id ?? '' }))).toBe('CONFLICT');
    api.tick();
    const note = await agent.tickets.reply({ ticketId: ticket.id, body: 'internal', internal: true });
    expect(await trpcCode(agent.tickets.split({ messageId: note.message.id }))).toBe('BAD_REQUEST');
    expect(await trpcCode(agent.tickets.split({ messageId: '01M85VB671JYE3GK6VA6QSA0Q4' }))).toBe(
      'NOT_FOUND',
    );
  });
});
