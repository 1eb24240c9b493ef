import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drive, quantile } from '../src/load.ts';
import type { ServerProcess } from '../src/processes.ts';

describe('quantile', () => {
  it('answers the nearest rank: the value at or below which that share of the samples lies', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(sorted, 0.5)).toBe(50);
    expect(quantile(sorted, 0.99)).toBe(99);
    expect(quantile(sorted, 1)).toBe(100);
    expect(quantile([7], 0.99)).toBe(7);
    expect(quantile([1, 2, 3], 0)).toBe(1);
  });

  it('answers 0 for a window without responses', () => {
    expect(quantile([], 0.5)).toBe(0);
  });
});

describe('drive', () => {
  let server: Server;
  let url = '';
  let accepted = 0;
  let served = 0;

  beforeAll(async () => {
    server = createServer((_request, response) => {
      served++;
      response.end('[]');
    });
    server.on('connection', () => accepted++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('measures after the warm-up on the connections the warm-up opened', async () => {
    const target = { url } as ServerProcess;
    let measuringFrom = 0;
    const { window, errors } = await drive(target, [{ method: 'GET', path: '/' }], {
      connections: 3,
      warmup: 0.5,
      duration: 0.5,
      onMeasuring: () => {
        measuringFrom = served;
      },
    });
    expect(errors).toBe(0);
    // Three connections for the whole run: none opened afresh when the measured part began.
    expect(accepted).toBe(3);
    // The warm-up's responses are not in the window, the measured part's are.
    expect(measuringFrom).toBeGreaterThan(0);
    expect(window.latencies.length).toBeGreaterThan(0);
    expect(window.answered).toBeGreaterThanOrEqual(window.latencies.length);
    expect(window.answered).toBeLessThanOrEqual(served - measuringFrom + 3);
    expect(window.seconds).toBeGreaterThan(0);
  });
});
