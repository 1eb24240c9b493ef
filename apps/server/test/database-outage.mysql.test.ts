import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnotherInstance, startTestServer, type TestServer } from './support.ts';

// Runs in the MySQL projects only (see vitest.config.ts): an embedded SQLite file has no
// network to lose.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_PER_MINUTE: '0' });
});
afterAll(() => server?.close());

async function relay(target: URL) {
  let sockets: Socket[] = [];
  let listener: Server | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = createConnection({ host: target.hostname, port: Number(target.port || 3306) });
        sockets.push(client, upstream);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => {
        listener = next;
        const address = next.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  const port = await listen(0);
  const url = new URL(target);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return {
    url: url.toString(),
    /** Every connection drops and new ones are refused. */
    cut: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        sockets = [];
        const closing = listener;
        listener = null;
        if (!closing) resolve();
        else closing.close(() => resolve());
      }),
    restore: async () => {
      if (!listener) await listen(port);
    },
    close: () => listener?.close(),
  };
}

describe('a database outage (MySQL)', () => {
  it('fails fast with 503, health says 503, and recovers by itself', async () => {
    if (server.db.target.dialect !== 'mysql') throw new Error('MySQL only');
    const plug = await relay(new URL(server.db.target.url));
    const outage = await startAnotherInstance(server, {}, plug.url);
    try {
      const agent = await server.signedIn(server.users.agent);
      const cookie = [...server.cookiesOf(agent)].map(([name, value]) => `${name}=${value}`).join('; ');
      expect((await fetch(`${outage.url}/health`)).status).toBe(200);
      await plug.cut();
      const list = await fetch(`${outage.url}/trpc/tickets.list?input=%7B%7D`, { headers: { cookie } });
      expect(list.status, await list.clone().text()).toBe(503);
      expect(list.headers.get('retry-after')).toBe('2');
      // The same through the direct path, as @helpdesk/client sends it (a batch of one).
      const batched = await fetch(`${outage.url}/trpc/tickets.list?batch=1&input=%7B%220%22%3A%7B%7D%7D`, {
        headers: { cookie },
      });
      expect(batched.status, await batched.clone().text()).toBe(503);
      expect(batched.headers.get('retry-after')).toBe('2');
      expect(await list.text()).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|stack/);
      expect((await fetch(`${outage.url}/health`)).status).toBe(503);
      await plug.restore();
      expect((await fetch(`${outage.url}/health`)).status).toBe(200);
      expect(
        (await fetch(`${outage.url}/trpc/tickets.list?input=%7B%7D`, { headers: { cookie } })).status,
      ).toBe(200);
    } finally {
      await outage.close();
      plug.close();
    }
  });
});
