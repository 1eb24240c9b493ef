import { randomUUID } from 'node:crypto';
import { createHelpdeskClient, errorCode, type HelpdeskClient } from '@helpdesk/client';
import { RateLimitBucket, Ticket } from '@helpdesk/db';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';
import { startAnotherInstance, startTestServer, type TestInstance, type TestServer } from './support.ts';

let server: TestServer;
let other: TestInstance;

beforeAll(async () => {
  server = await startTestServer();
  other = await startAnotherInstance(server);
});
afterAll(async () => {
  await other?.close();
  await server?.close();
});

// Each test starts in fresh rate-limit windows (the limiter follows the servers' clock).
beforeEach(() => {
  server.clock.now = new Date(server.clock.now.getTime() + 11 * 60_000);
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

function submit(client: HelpdeskClient, overrides: { email?: string; idempotencyKey?: string } = {}) {
  return client.tickets.submitPublic.mutate({
    name: 'Vera Visitor',
    email: overrides.email ?? `vera.${randomUUID().slice(0, 8)}@example.org`,
    subject: 'Question about shipping to Iceland',
    body: 'Do you ship to Reykjavik?',
    idempotencyKey: overrides.idempotencyKey ?? randomUUID(),
  });
}

describe('the public form over HTTP', () => {
  it('takes an anonymous submission and answers only the reference; a retry on another instance gets the same', async () => {
    const input = { email: 'vera@example.org', idempotencyKey: randomUUID() };
    const answer = await submit(server.browser(), input);
    expect(answer).toEqual({ reference: expect.stringMatching(/^[0-9A-Z]{10}$/) });

    const ticket = await server.db.orm.em
      .fork()
      .findOneOrFail(Ticket, { reference: answer.reference }, { populate: ['requester'] });
    expect(ticket.channel).toBe('web_form');
    expect(ticket.requester.email).toBe('vera@example.org');
    expect(ticket.requester.passwordHash).toBeNull();

    // The submitter's network dropped the answer: the form retries through another instance.
    expect(await submit(other.browser(), input)).toEqual(answer);
    expect(await server.db.orm.em.fork().count(Ticket, { requester: ticket.requester.id })).toBe(1);

    const agent = await server.signedIn(server.users.agent);
    const found = await agent.tickets.list.query({ search: 'Reykjavik' });
    expect(found.items.map((item) => item.reference)).toContain(answer.reference);
  });

  it('shares the rate limit between instances (5 per address per 10 minutes)', async () => {
    const before = await server.db.orm.em.fork().count(Ticket);
    const here = server.browser();
    const there = other.browser();
    for (const client of [here, there, here, there, there]) await submit(client);
    expect(errorCode(await rejection(submit(here)))).toBe('TOO_MANY_REQUESTS');
    expect(errorCode(await rejection(submit(there)))).toBe('TOO_MANY_REQUESTS');
    expect(await server.db.orm.em.fork().count(Ticket)).toBe(before + 5);
  });

  it('answers 429 with when to retry', async () => {
    const email = `eager.${randomUUID().slice(0, 8)}@example.org`;
    for (const client of [server.browser(), other.browser(), server.browser()])
      await submit(client, { email });
    const response = await fetch(`${other.url}/trpc/tickets.submitPublic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Eager',
        email,
        subject: 'Again',
        body: 'And again',
        idempotencyKey: randomUUID(),
      }),
    });
    expect(response.status).toBe(429);
    const body = await response.json();
    expect(body.error.message).toMatch(/for this e-mail address; try again in 10 minutes/);
  });
});

describe('with REDIS_URL', () => {
  it('two instances share the rate limit through Redis', async () => {
    const env = { REDIS_URL: 'redis://127.0.0.1:6379', TRUST_PROXY: 'true' };
    const [first, second] = [
      await startAnotherInstance(server, env),
      await startAnotherInstance(server, env),
    ];
    try {
      // An address of its own (through the trusted proxy header): Redis outlives this test run.
      const ip = `2001:db8::${randomUUID().slice(0, 4)}:${randomUUID().slice(0, 4)}`;
      const client = (instance: TestInstance) =>
        createHelpdeskClient({ url: instance.url, headers: { 'x-forwarded-for': ip } });
      const before = await server.db.orm.em.fork().count(Ticket);
      for (const instance of [first, second, first, second, first]) await submit(client(instance));
      expect(errorCode(await rejection(submit(client(second))))).toBe('TOO_MANY_REQUESTS');
      expect(await server.db.orm.em.fork().count(Ticket)).toBe(before + 5);
      // Nothing was counted in the database: the counts live in Redis.
      expect(await server.db.orm.em.fork().count(RateLimitBucket, { key: { $like: `%${ip}%` } })).toBe(0);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('configuration', () => {
  it('takes a redis:// REDIS_URL and a JOBS_INTERVAL_SECONDS (0 turns jobs off)', () => {
    expect(loadConfig({}).redisUrl).toBeUndefined();
    expect(loadConfig({}).jobsIntervalMs).toBe(60_000);
    const config = loadConfig({ REDIS_URL: 'redis://cache.internal:6379/2', JOBS_INTERVAL_SECONDS: '0' });
    expect(config).toMatchObject({ redisUrl: 'redis://cache.internal:6379/2', jobsIntervalMs: 0 });
    expect(() => loadConfig({ REDIS_URL: 'http://cache.internal' })).toThrow(ConfigError);
    expect(() => loadConfig({ JOBS_INTERVAL_SECONDS: '-1' })).toThrow(ConfigError);
  });
});
