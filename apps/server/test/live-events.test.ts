import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnotherInstance, startTestServer, type TestInstance, type TestServer } from './support.ts';

// Two instances behind one load balancer: the stream is on one, the change lands on the other.
const REDIS = { REDIS_URL: 'redis://127.0.0.1:6379' };
let server: TestServer;
let other: TestInstance;
beforeAll(async () => {
  server = await startTestServer(REDIS);
  other = await startAnotherInstance(server, REDIS);
});
afterAll(async () => {
  await other?.close();
  await server?.close();
});

function cookieHeader(client: Parameters<TestServer['cookiesOf']>[0]) {
  return [...server.cookiesOf(client)].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Opens `live.events` as server-sent events and gathers the text it streams. */
async function openStream(url: string, cookie: string) {
  const stop = new AbortController();
  const response = await fetch(`${url}/trpc/live.events`, {
    headers: { cookie, accept: 'text/event-stream' },
    signal: stop.signal,
  });
  let text = '';
  const reading = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
      }
    } catch {
      // Aborted by the test.
    }
  })();
  return {
    response,
    text: () => text,
    ended: reading,
    close: async () => {
      stop.abort();
      await reading;
    },
  };
}

describe('live.events over HTTP', () => {
  it('streams to an agent on one instance the ids of tickets changed on another', async () => {
    const agent = await server.signedIn(server.users.agent);
    const stream = await openStream(server.url, cookieHeader(agent));
    try {
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/text\/event-stream/);
      const customer = other.browser();
      await customer.auth.signIn.mutate({
        email: server.users.customer.email,
        password: server.users.customer.password,
      });
      const ticket = await customer.tickets.create.mutate({ subject: 'Seen live', body: 'Private words' });
      // The stream may start listening a moment after it opens: change the ticket until it is heard.
      await expect
        .poll(
          async () => {
            if (!stream.text().includes(ticket.id)) {
              await customer.tickets.reply.mutate({ ticketId: ticket.id, body: 'Still private' });
            }
            return stream.text().includes(ticket.id);
          },
          { timeout: 10_000, interval: 300 },
        )
        .toBe(true);
      expect(stream.text()).not.toMatch(/Private words|Still private/);
    } finally {
      await stream.close();
    }
  });

  it('refuses customers and anonymous callers, and tells them nothing', async () => {
    const customer = await server.signedIn(server.users.customer);
    for (const [cookie, code] of [
      [cookieHeader(customer), 'FORBIDDEN'],
      ['', 'UNAUTHORIZED'],
    ] as const) {
      const stream = await openStream(server.url, cookie);
      // The refusal comes as the stream's one event, and the stream ends.
      await stream.ended;
      expect(stream.text()).toContain(code);
      expect(stream.text()).not.toMatch(/ticketIds/);
    }
  });

  it('ends open streams when the instance shuts down, so the shutdown does not wait for them', async () => {
    const instance = await startAnotherInstance(server, REDIS);
    const agent = await server.signedIn(server.users.agent);
    const stream = await openStream(instance.url, cookieHeader(agent));
    const started = Date.now();
    await instance.close();
    await stream.ended;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
