import { readFileSync } from 'node:fs';
import { cookieJarFetch } from '@helpdesk/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickstart } from '../../../packages/client/examples/quickstart.ts';
import { startTestServer, type TestServer } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.close());

describe("the README's client example", () => {
  it('is the example file, word for word', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    const example = readFileSync(
      new URL('../../../packages/client/examples/quickstart.ts', import.meta.url),
      'utf8',
    );
    expect(readme).toContain(example.trim());
  });

  it('runs against a real server', async () => {
    const result = await quickstart(server.url, cookieJarFetch());
    expect(result.user.role).toBe('customer');
    expect(result.ticket.status).toBe('new');
    expect(result.items.map((item) => item.id)).toContain(result.ticket.id);
    expect(result.notFound).toBe('NOT_FOUND');
  });
});
