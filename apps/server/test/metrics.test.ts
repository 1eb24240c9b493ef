import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support.ts';

const TOKEN = 'bench-metrics-token-0123456789';

interface Metrics {
  requests: number;
  sqlStatements: number;
  rssBytes: number;
  cpuMicros: number;
  heapUsedBytes: number;
  eventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
}

describe('GET /metrics (METRICS_TOKEN set)', () => {
  let server: TestServer;
  const read = async (query = '') => {
    const response = await fetch(`${server.url}/metrics${query}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Metrics;
  };

  beforeAll(async () => {
    server = await startTestServer({ METRICS_TOKEN: TOKEN });
  });
  afterAll(() => server.close());

  it('does not exist without the token, or with another one', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-0123456789abcdef' },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${server.url}/metrics`, { headers });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('sqlStatements');
    }
  });

  it('counts requests and the SQL statements they sent, not its own', async () => {
    const before = await read();
    const agent = await server.signedIn(server.users.agent);
    await agent.tickets.list.query({});
    await agent.auth.me.query();
    const after = await read();
    expect(after.requests - before.requests).toBe(2);
    // Each validated a session; the list also read the tickets.
    expect(after.sqlStatements - before.sqlStatements).toBeGreaterThanOrEqual(3);
    expect(after.rssBytes).toBeGreaterThan(after.heapUsedBytes);
    // The two calls (and whatever else this process did meanwhile) took CPU time.
    expect(after.cpuMicros).toBeGreaterThan(before.cpuMicros);
    for (const value of Object.values(after.eventLoopDelay)) expect(value).toBeGreaterThanOrEqual(0);
  });

  it('sees the event loop stall, and starts a new histogram on ?reset=1', async () => {
    // The server shares this process: a busy loop here stalls its event loop too.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const until = Date.now() + 150;
    while (Date.now() < until) {}
    await new Promise((resolve) => setTimeout(resolve, 30));
    const stalled = await read('?reset=1');
    expect(stalled.eventLoopDelay.maxMs).toBeGreaterThanOrEqual(100);
    const fresh = await read();
    expect(fresh.eventLoopDelay.maxMs).toBeLessThan(100);
  });
});

describe('GET /metrics (no METRICS_TOKEN)', () => {
  it('is not served at all', async () => {
    const server = await startTestServer();
    try {
      const response = await fetch(`${server.url}/metrics`, {
        headers: { authorization: 'Bearer anything-at-all' },
      });
      expect(response.status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
