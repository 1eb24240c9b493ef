import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHelpdeskClient } from '@helpdesk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerData, mutationBody, mutationPath, queryPath } from '../src/wire.ts';

/**
 * The benchmark must load the server with the requests `@helpdesk/client` really sends (the issue
 * asks for its wire format): a plain HTTP server records what the client sends and answers one
 * canned batch, and the benchmark's own request builders must produce the same.
 */
describe('the benchmark speaks the wire format of @helpdesk/client', () => {
  const seen: { method: string; url: string; body: string }[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', body });
      response.setHeader('content-type', 'application/json');
      response.end('[{"result":{"data":{"id":"T1"}}}]');
    });
  });
  let client: ReturnType<typeof createHelpdeskClient>;

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    client = createHelpdeskClient({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('queries with and without input', async () => {
    await client.auth.me.query();
    const input = { assigneeId: 'me', status: ['open' as const, 'pending' as const], limit: 25 };
    await client.tickets.list.query(input);
    expect(seen.splice(0).map(({ method, url }) => ({ method, url }))).toEqual([
      { method: 'GET', url: queryPath('auth.me') },
      { method: 'GET', url: queryPath('tickets.list', input) },
    ]);
  });

  it('mutations, and reads the answer as the client does', async () => {
    const input = { ticketId: 'T1', body: 'Thanks, we are on it.' };
    const answer = await client.tickets.reply.mutate(input);
    const [request] = seen.splice(0);
    expect(request).toEqual({
      method: 'POST',
      url: mutationPath('tickets.reply'),
      body: mutationBody(input),
    });
    expect(answerData('[{"result":{"data":{"id":"T1"}}}]')).toEqual(answer);
  });
});
