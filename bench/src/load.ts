import autocannon, { type Request } from 'autocannon';
import type { ServerMetrics, ServerProcess } from './processes.ts';

export interface LoadOptions {
  connections: number;
  /** Seconds. */
  duration: number;
  /**
   * Stop after this many requests, whatever the duration (the sign-in throttle's budget): asked
   * before each run, the warm-up's included, since every request spends the budget.
   */
  maxRequests?: () => number;
}

/** One measured run of one scenario against one server: the wire's view and the server's. */
export interface Measurement {
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number; mean: number };
  /** Failed connections, timeouts and answers other than 2xx: any is a failed run. */
  errors: number;
  /** The first few failures, for the report. */
  errorSamples: string[];
  sqlPerRequest: number;
  rssBytes: number;
  heapUsedBytes: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

const ERROR_SAMPLES = 5;

/** Drives `server` with the request templates for `duration` seconds at `connections` at once. */
export async function drive(server: ServerProcess, requests: Request[], options: LoadOptions) {
  const errorSamples: string[] = [];
  const watched = requests.map((request) => ({
    ...request,
    onResponse: (status: number, body: string) => {
      if (status >= 400 && errorSamples.length < ERROR_SAMPLES)
        errorSamples.push(`HTTP ${status} ${String(body).slice(0, 300)}`);
    },
  }));
  const result = await autocannon({
    url: server.url,
    connections: options.connections,
    duration: options.duration,
    requests: watched,
    ...(options.maxRequests ? { maxOverallRequests: Math.max(1, options.maxRequests()) } : {}),
  });
  // `errors` counts failed connections, timeouts included.
  const errors = result.errors + result.non2xx;
  if (result.errors > 0 && errorSamples.length < ERROR_SAMPLES)
    errorSamples.push(`${result.errors} connection errors (${result.timeouts} of them timeouts)`);
  return { result, errors, errorSamples };
}

/**
 * Waits until the server has finished what an earlier run left in flight (requests the load
 * generator gave up on keep the server busy): its metrics answer promptly and its request count
 * stands still. Gives up after a minute.
 */
export async function settle(server: ServerProcess): Promise<void> {
  const until = Date.now() + 60_000;
  let last = -1;
  while (Date.now() < until) {
    const asked = Date.now();
    const { requests } = await server.metrics();
    if (requests === last && Date.now() - asked < 200) return;
    last = requests;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * A warm-up run (discarded: caches, JIT, pools), then the measured run between two readings of
 * the server's metrics, the first of which starts a new event-loop delay histogram.
 */
export async function measure(
  server: ServerProcess,
  requests: () => Request[],
  options: LoadOptions & { warmup: number },
): Promise<Measurement> {
  await settle(server);
  if (options.warmup > 0) await drive(server, requests(), { ...options, duration: options.warmup });
  await settle(server);
  const before: ServerMetrics = await server.metrics(true);
  const { result, errors, errorSamples } = await drive(server, requests(), options);
  const after = await server.metrics();
  await settle(server);
  const served = after.requests - before.requests;
  const seconds = result.duration;
  const total = result.requests.total;
  return {
    requests: total,
    seconds,
    requestsPerSecond: seconds > 0 ? total / seconds : 0,
    latencyMs: {
      p50: result.latency.p50,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    errors,
    errorSamples,
    sqlPerRequest: served > 0 ? (after.sqlStatements - before.sqlStatements) / served : 0,
    rssBytes: after.rssBytes,
    heapUsedBytes: after.heapUsedBytes,
    eventLoopDelayMs: {
      p50: after.eventLoopDelay.p50Ms,
      p99: after.eventLoopDelay.p99Ms,
      max: after.eventLoopDelay.maxMs,
    },
  };
}
