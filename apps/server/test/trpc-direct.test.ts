import { MAX_BATCH_SIZE } from '@helpdesk/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnotherInstance, startTestServer, type TestInstance, type TestServer } from './support.ts';

/**
 * Ordinary calls are answered without tRPC's Fetch API adapter (plugins/trpc-direct.ts). They must
 * answer exactly what tRPC's adapter answers: the same requests go to this server and to a second
 * instance over the same database that sends every call through tRPC's adapter, and the status,
 * the headers that matter and the JSON must be equal, for answers and for every kind of refusal.
 */
let server: TestServer;
let adapterOnly: TestInstance;
let agentCookie = '';
let customerCookie = '';
let ticketId = '';

beforeAll(async () => {
  server = await startTestServer();
  adapterOnly = await startAnotherInstance(server, {}, undefined, { directCalls: false });
  const agent = await server.signedIn(server.users.agent);
  const customer = await server.signedIn(server.users.customer);
  const cookieOf = (client: typeof agent) =>
    [...server.cookiesOf(client)].map(([name, value]) => `${name}=${value}`).join('; ');
  agentCookie = cookieOf(agent);
  customerCookie = cookieOf(customer);
  ticketId = (await customer.tickets.create.mutate({ subject: 'Printer jams', body: 'Every page.' })).id;
});
afterAll(async () => {
  await adapterOnly?.close();
  await server?.close();
});

interface Exchange {
  method?: 'GET' | 'POST' | 'PUT';
  path: string;
  cookie?: string;
  body?: string;
  headers?: Record<string, string>;
}

const batchInput = (...inputs: unknown[]) =>
  encodeURIComponent(JSON.stringify(Object.fromEntries(inputs.map((input, i) => [i, input]))));

async function ask(base: string, { method = 'GET', path, cookie, body, headers = {} }: Exchange) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body,
  });
  // Every error names its request, which differs between two requests by design.
  const text = (await response.text()).replace(/"requestId":"[^"]+"/g, '"requestId":"(id)"');
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    // The hardening plugin puts Origin back into Vary on the way out, on both paths (the first
    // test checks); the comparison is of what tRPC itself says.
    vary: response.headers.get('vary')?.replace(/, Origin$/, ''),
    varyOrigin: /\bOrigin\b/.test(response.headers.get('vary') ?? ''),
    body: text ? JSON.parse(text) : null,
    chunked: response.headers.get('transfer-encoding') === 'chunked',
  };
}

async function both(exchange: Exchange) {
  const [direct, adapter] = [await ask(server.url, exchange), await ask(adapterOnly.url, exchange)];
  const { chunked: _direct, varyOrigin: _directVary, ...directAnswer } = direct;
  const { chunked: _adapter, varyOrigin: _adapterVary, ...adapterAnswer } = adapter;
  expect(directAnswer).toEqual(adapterAnswer);
  return { direct, adapter };
}

describe('ordinary tRPC calls answered directly', () => {
  it('answer what the adapter answers, with a length instead of a chunked stream', async () => {
    const calls: Exchange[] = [
      { path: `/trpc/auth.me?batch=1&input=${batchInput(undefined)}`, cookie: agentCookie },
      { path: '/trpc/auth.me?batch=1&input=%7B%7D' },
      { path: `/trpc/tickets.get?batch=1&input=${batchInput({ id: ticketId })}`, cookie: agentCookie },
      {
        path: `/trpc/tickets.get?input=${encodeURIComponent(JSON.stringify({ id: ticketId }))}`,
        cookie: customerCookie,
      },
      {
        path: `/trpc/tickets.get,tickets.list?batch=1&input=${batchInput({ id: ticketId }, { limit: 5 })}`,
        cookie: agentCookie,
      },
    ];
    for (const call of calls) {
      const { direct, adapter } = await both(call);
      expect(direct.status).toBe(200);
      expect([direct.chunked, adapter.chunked]).toEqual([false, true]);
      expect(direct.varyOrigin).toBe(true);
      expect(adapter.varyOrigin).toBe(true);
    }
  });

  it('refuse what the adapter refuses, with the same codes, field errors and statuses', async () => {
    const missing = '01KSQ8VHEM66MQCCC6PHF5Q8C2';
    const refusals: [Exchange, number][] = [
      // Not signed in, a ticket that is not there, input the schema refuses.
      [{ path: `/trpc/tickets.list?batch=1&input=${batchInput({ limit: 5 })}` }, 401],
      [{ path: `/trpc/tickets.get?batch=1&input=${batchInput({ id: missing })}`, cookie: agentCookie }, 404],
      [{ path: `/trpc/tickets.list?batch=1&input=${batchInput({ limit: 5000 })}`, cookie: agentCookie }, 400],
      // One call answered and one refused: 207, each in its place.
      [
        {
          path: `/trpc/tickets.get,tickets.get?batch=1&input=${batchInput({ id: ticketId }, { id: missing })}`,
          cookie: agentCookie,
        },
        207,
      ],
      // A reply without text; a customer taking a ticket as staff would.
      [
        {
          method: 'POST',
          path: '/trpc/tickets.reply?batch=1',
          cookie: agentCookie,
          body: JSON.stringify({ 0: { ticketId, body: '' } }),
        },
        400,
      ],
      [
        {
          method: 'POST',
          path: '/trpc/tickets.take?batch=1',
          cookie: customerCookie,
          body: JSON.stringify({ 0: { id: ticketId } }),
        },
        403,
      ],
      // What the direct path leaves to tRPC: the wrong method, unknown procedures, bad JSON,
      // batches over the limit, a mutation without a body.
      [{ path: '/trpc/tickets.reply?batch=1&input=%7B%7D', cookie: agentCookie }, 405],
      [{ method: 'POST', path: '/trpc/auth.me?batch=1', body: '{}' }, 405],
      [{ path: '/trpc/tickets.nothing?batch=1&input=%7B%7D', cookie: agentCookie }, 404],
      [{ path: '/trpc/tickets.get?batch=1&input=%7Bnot-json', cookie: agentCookie }, 400],
      [
        {
          path: `/trpc/${Array(MAX_BATCH_SIZE + 1)
            .fill('auth.me')
            .join(',')}?batch=1&input=%7B%7D`,
          cookie: agentCookie,
        },
        400,
      ],
      [{ method: 'POST', path: '/trpc/tickets.take?batch=1', cookie: agentCookie, body: '' }, 400],
    ];
    for (const [call, status] of refusals) {
      const { direct } = await both(call);
      expect(direct.status, call.path).toBe(status);
    }
  });

  it('a mutation answered directly sets its cookie, runs once, and is refused cross-site', async () => {
    const client = server.browser();
    const { email, password } = server.users.customer;
    await client.auth.signIn.mutate({ email, password });
    expect(server.cookiesOf(client).size).toBe(1);
    await client.tickets.reply.mutate({ ticketId, body: 'It jams on page two as well.' });
    expect((await client.tickets.get.query({ id: ticketId })).messages).toHaveLength(2);

    const { direct } = await both({
      method: 'POST',
      path: '/trpc/account.updateProfile?batch=1',
      cookie: customerCookie,
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: JSON.stringify({ 0: { name: 'Mallory' } }),
    });
    expect(direct.status).toBe(403);
    expect(await client.auth.me.query()).toMatchObject({ name: 'Carla Customer' });
  });
});
