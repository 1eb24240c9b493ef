import { randomUUID } from 'node:crypto';
import { IdempotencyRecord, Message, RateLimitBucket, Ticket, TicketEvent, User } from '@helpdesk/db';
import type { SubmitPublicTicketInput } from '@helpdesk/validators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { submitPublicTicket } from '../src/rules/tickets/public-form.ts';
import { type Caller, createTestApi, type TestApi, trpcCode } from '../src/testing.ts';

let api: TestApi;
let anonymous: Caller;

beforeAll(async () => {
  api = await createTestApi();
  anonymous = await api.as(null);
});
afterAll(() => api?.dispose());

// Every test starts in fresh rate-limit windows (the database limiter follows the test clock).
beforeEach(() => {
  api.tick(11 * 60_000);
});

function form(overrides: Partial<SubmitPublicTicketInput> = {}): SubmitPublicTicketInput {
  return {
    name: 'Pat Public',
    email: `pat.${randomUUID().slice(0, 8)}@example.org`,
    subject: 'My order never arrived',
    body: 'Order 1234, placed two weeks ago.',
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

async function counts() {
  const em = api.em();
  return {
    tickets: await em.count(Ticket),
    users: await em.count(User),
    messages: await em.count(Message),
    events: await em.count(TicketEvent),
    idempotencyRecords: await em.count(IdempotencyRecord),
  };
}

async function ticketByReference(reference: string) {
  return api.em().findOneOrFail(Ticket, { reference }, { populate: ['requester', 'messages.author'] });
}

describe('tickets.submitPublic', () => {
  it('creates a contact without a password and a web_form ticket with a created event', async () => {
    const input = form({ name: 'Nora New', email: 'Nora.New@Example.org ' });
    const answer = await anonymous.tickets.submitPublic(input);
    expect(Object.keys(answer)).toEqual(['reference']);
    expect(answer.reference).toMatch(/^[0-9A-Z]{10}$/);

    const ticket = await ticketByReference(answer.reference);
    expect(ticket).toMatchObject({ channel: 'web_form', status: 'new', subject: input.subject });
    expect(ticket.requester).toMatchObject({
      email: 'nora.new@example.org',
      name: 'Nora New',
      role: 'customer',
      passwordHash: null,
      active: true,
    });
    expect(ticket.messages.getItems().map((message) => [message.body, message.author.id])).toEqual([
      [input.body, ticket.requester.id],
    ]);
    const events = await api.em().find(TicketEvent, { ticket: ticket.id });
    expect(events.map((event) => [event.kind, event.actor, event.internal])).toEqual([
      ['created', null, false],
    ]);
  });

  it('reuses an existing contact, whose name stays as it was', async () => {
    const before = await counts();
    const customer = api.users.customer;
    const answer = await anonymous.tickets.submitPublic(
      form({ email: customer.email.toUpperCase(), name: 'Someone Else' }),
    );
    const ticket = await ticketByReference(answer.reference);
    expect(ticket.requester.id).toBe(customer.id);
    expect(ticket.requester.name).toBe(customer.name);
    expect(await counts()).toMatchObject({ users: before.users, tickets: before.tickets + 1 });
    // The customer finds it in their portal.
    const mine = await (await api.as(customer)).tickets.list({});
    expect(mine.items.map((item) => item.reference)).toContain(answer.reference);
  });

  it('answers a retry with the same key with the same reference, making one ticket', async () => {
    const before = await counts();
    const input = form();
    const first = await anonymous.tickets.submitPublic(input);
    const retry = await anonymous.tickets.submitPublic({ ...input });
    expect(retry).toEqual(first);
    expect(await counts()).toMatchObject({
      tickets: before.tickets + 1,
      users: before.users + 1,
      idempotencyRecords: before.idempotencyRecords + 1,
    });
  });

  it('refuses the same key with a different body (UNPROCESSABLE_CONTENT), creating nothing', async () => {
    const input = form();
    await anonymous.tickets.submitPublic(input);
    const before = await counts();
    expect(
      await trpcCode(anonymous.tickets.submitPublic({ ...input, body: 'Something else entirely' })),
    ).toBe('UNPROCESSABLE_CONTENT');
    expect(await counts()).toEqual(before);
  });

  it('scopes the key to the e-mail address: another address may use the same key', async () => {
    const key = randomUUID();
    const first = await anonymous.tickets.submitPublic(form({ idempotencyKey: key }));
    const second = await anonymous.tickets.submitPublic(form({ idempotencyKey: key }));
    expect(second.reference).not.toBe(first.reference);
  });

  it('makes one ticket of two concurrent submissions with the same key', async () => {
    const before = await counts();
    const input = form();
    const outcomes = await Promise.allSettled([
      anonymous.tickets.submitPublic(input),
      anonymous.tickets.submitPublic({ ...input }),
    ]);
    const answers = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    expect(answers.length).toBeGreaterThanOrEqual(1);
    expect(new Set(answers.map((answer) => answer.reference)).size).toBe(1);
    for (const outcome of outcomes)
      if (outcome.status === 'rejected') expect(outcome.reason).toMatchObject({ code: 'CONFLICT' });
    expect(await counts()).toMatchObject({ tickets: before.tickets + 1, users: before.users + 1 });
    // Once the first has finished, a retry gets its answer.
    expect(await anonymous.tickets.submitPublic({ ...input })).toEqual(answers[0]);
  });

  it('answers a filled honeypot like a success, creating nothing', async () => {
    const before = await counts();
    const answer = await anonymous.tickets.submitPublic(form({ website: 'https://cheap-pills.example' }));
    expect(Object.keys(answer)).toEqual(['reference']);
    expect(answer.reference).toMatch(/^[0-9A-Z]{10}$/);
    expect(await api.em().count(Ticket, { reference: answer.reference })).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('limits submissions per address (5 per 10 minutes), creating nothing beyond', async () => {
    const before = await counts();
    for (let i = 0; i < 5; i++) await anonymous.tickets.submitPublic(form());
    const refused = anonymous.tickets.submitPublic(form());
    await expect(refused).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/from this address; try again in 10 minutes \(after .+Z\)/),
    });
    expect(await counts()).toMatchObject({ tickets: before.tickets + 5 });
    // Another address is not affected.
    const other = await submitPublicTicket(
      api.em(),
      { rateLimiter: api.config.rateLimiter, ip: '203.0.113.7' },
      form(),
      api.clock.now,
    );
    expect(other.reference).toMatch(/^[0-9A-Z]{10}$/);
    // The window ends 10 minutes after its first hit.
    api.tick(10 * 60_000);
    expect(await trpcCode(anonymous.tickets.submitPublic(form()))).toBe('OK');
  });

  it('limits submissions per e-mail address (3 per 10 minutes) from any address', async () => {
    const before = await counts();
    const email = `busy.${randomUUID().slice(0, 8)}@example.org`;
    const submit = (ip: string) =>
      submitPublicTicket(
        api.em(),
        { rateLimiter: api.config.rateLimiter, ip },
        form({ email }),
        api.clock.now,
      );
    for (const ip of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) await submit(ip);
    await expect(submit('198.51.100.4')).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining('for this e-mail address'),
    });
    expect(await trpcCode(anonymous.tickets.submitPublic(form({ email })))).toBe('TOO_MANY_REQUESTS');
    expect(await counts()).toMatchObject({ tickets: before.tickets + 3, users: before.users + 1 });
    // Others still get through from the same address.
    expect(await trpcCode(anonymous.tickets.submitPublic(form()))).toBe('OK');
  });

  it('refuses bad input with BAD_REQUEST, writing nothing (not even a rate-limit count)', async () => {
    const before = { ...(await counts()), buckets: await api.em().count(RateLimitBucket) };
    const bad: unknown[] = [
      form({ email: 'not an address' }),
      form({ subject: '   ' }),
      form({ body: '' }),
      form({ idempotencyKey: 'short' }),
      form({ idempotencyKey: 'has spaces in it, sixteen+' }),
      { ...form(), role: 'admin' },
      (({ idempotencyKey: _key, ...rest }) => rest)(form()),
    ];
    for (const input of bad)
      expect(await trpcCode(anonymous.tickets.submitPublic(input as SubmitPublicTicketInput))).toBe(
        'BAD_REQUEST',
      );
    expect({ ...(await counts()), buckets: await api.em().count(RateLimitBucket) }).toEqual(before);
  });

  it('refuses CR or LF in the name (it may end up in a mail header)', async () => {
    const before = await counts();
    for (const name of ['Eve\r\nBcc: victim@example.org', 'Eve\nEvil', 'Eve\rEvil']) {
      await expect(anonymous.tickets.submitPublic(form({ name }))).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('name'),
      });
    }
    expect(await counts()).toEqual(before);
  });
});
