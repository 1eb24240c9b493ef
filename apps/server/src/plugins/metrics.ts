import { createHash, timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { interceptStatements, type Orm } from '@helpdesk/db';
import fp from 'fastify-plugin';

export interface MetricsOptions {
  orm: Orm;
  /** The bearer token `GET /metrics` must carry (METRICS_TOKEN). */
  token: string;
}

/** The histogram samples every this many milliseconds; a sample is the interval plus the delay. */
const RESOLUTION_MS = 10;

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `GET /metrics` for the benchmark and for operators: requests served, SQL statements sent,
 * memory, CPU time, and event-loop delay (what load shedding watches). Only with
 * `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time; without it the route does
 * not exist (404).
 * `?reset=1` starts a new event-loop delay histogram after answering.
 */
export const metricsPlugin = fp<MetricsOptions>(
  async (app, { orm, token }) => {
    const expected = digest(token);
    let requests = 0;
    let sqlStatements = 0;
    const stopCounting = interceptStatements(orm, () => {
      sqlStatements++;
    });
    const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    delay.enable();
    app.addHook('onClose', async () => {
      delay.disable();
      stopCounting();
    });
    // Every request but the metrics' own, so a reader does not change what it reads.
    app.addHook('onResponse', async (request) => {
      if (request.routeOptions.url !== '/metrics') requests++;
    });

    const beyondInterval = (nanoseconds: number) =>
      Math.max(0, Math.round((nanoseconds / 1e6 - RESOLUTION_MS) * 100) / 100);

    app.get<{ Querystring: { reset?: string } }>('/metrics', async (request, reply) => {
      const header = request.headers.authorization ?? '';
      const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      if (!timingSafeEqual(digest(presented), expected)) return reply.callNotFound();
      const memory = process.memoryUsage();
      const cpu = process.cpuUsage();
      const body = {
        requests,
        sqlStatements,
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        // The process's CPU time so far, every thread's (SQLite's search and checkpoint threads
        // too): per request answered, what requests cost this server (a database server's share
        // not included).
        cpuMicros: cpu.user + cpu.system,
        eventLoopDelay: {
          p50Ms: beyondInterval(delay.percentile(50)),
          p99Ms: beyondInterval(delay.percentile(99)),
          maxMs: beyondInterval(delay.max),
        },
      };
      if (request.query.reset === '1') delay.reset();
      return body;
    });
  },
  { name: 'metrics' },
);
