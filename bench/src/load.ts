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
  latencyMs: Latency;
  /** Failed connections, timeouts and answers other than 2xx: any is a failed run. */
  errors: number;
  /** The first few failures, for the report. */
  errorSamples: string[];
  sqlPerRequest: number;
  /** The server process's CPU time per request it answered (all its threads), in milliseconds. */
  cpuMsPerRequest: number;
  rssBytes: number;
  heapUsedBytes: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** What the background load (not measured, see `BackgroundLoad`) answered meanwhile, if there was one. */
  background: { connections: number; requestsPerSecond: number; latencyMs: Latency } | null;
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Quantiles of a window's latencies (sorted in place). */
function latencyOf(window: Window): Latency {
  const sorted = window.latencies.sort((a, b) => a - b);
  return {
    p50: round(quantile(sorted, 0.5)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? 0),
    mean: round(sorted.length ? sorted.reduce((sum, ms) => sum + ms, 0) / sorted.length : 0),
  };
}

const perSecond = (window: Window) => (window.seconds > 0 ? window.answered / window.seconds : 0);

const ERROR_SAMPLES = 5;

/** The responses of a run that completed inside its measured window. */
interface Window {
  /** Answers that arrived in the window. */
  answered: number;
  /**
   * Client-side latency, in milliseconds (sub-millisecond precision), of each answer to a request
   * sent in the window: one sent during the warm-up may have waited for its connection.
   */
  latencies: number[];
  seconds: number;
}

/**
 * Drives `server` with the request templates on `connections` connections for `warmup` seconds
 * and then `duration` seconds more, on the same connections: throughput counts the answers that
 * arrive after the warm-up, latency those to requests sent after it. One run, not two: a fresh
 * set of connections opened at once starts with a queue the server does not have once they are
 * open. A busy Node server accepts one new connection per turn of its event loop
 * (libuv/libuv#3696), and a saturated turn serves a request from every connection already open,
 * so the 32nd of a burst was accepted one to two seconds after it connected, and its first
 * request took that long (SQLite, 20k tickets, creates: max 1.1–1.5 s; without each connection's
 * first request 190–310 ms). Measured after the warm-up, the window holds the server's steady
 * state, which is what the warm-up is for.
 */
export async function drive(
  server: ServerProcess,
  requests: Request[],
  options: LoadOptions & { warmup: number; onMeasuring?: () => void },
) {
  const errorSamples: string[] = [];
  const watched = requests.map((request) => ({
    ...request,
    onResponse: (status: number, body: string) => {
      if (status >= 400 && errorSamples.length < ERROR_SAMPLES)
        errorSamples.push(`HTTP ${status} ${String(body).slice(0, 300)}`);
    },
  }));
  const latencies: number[] = [];
  let answered = 0;
  // When the warm-up ended: answers from then on are measured.
  let measuredFrom: number | null = null;
  const startMeasuring = () => {
    measuredFrom = performance.now();
    options.onMeasuring?.();
  };
  const warmingUp = options.warmup > 0 ? setTimeout(startMeasuring, options.warmup * 1000) : undefined;
  if (!warmingUp) startMeasuring();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: server.url,
        connections: options.connections,
        duration: options.warmup + options.duration,
        requests: watched,
        ...(options.maxRequests ? { maxOverallRequests: Math.max(1, options.maxRequests()) } : {}),
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      if (measuredFrom === null) return;
      answered++;
      if (performance.now() - responseTime >= measuredFrom) latencies.push(responseTime);
    });
  });
  clearTimeout(warmingUp);
  const seconds = measuredFrom === null ? 0 : (performance.now() - measuredFrom) / 1000;
  const window: Window = { answered, latencies, seconds };
  // `errors` counts failed connections, timeouts included; the warm-up's count too.
  const errors = result.errors + result.non2xx;
  if (result.errors > 0 && errorSamples.length < ERROR_SAMPLES)
    errorSamples.push(`${result.errors} connection errors (${result.timeouts} of them timeouts)`);
  return { window, errors, errorSamples };
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

/** The `p` quantile (0–1) of ascending `sorted`, the nearest rank's value. */
export function quantile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

/** Load that runs beside a measured run, on connections of its own, and is not measured. */
export interface BackgroundLoad {
  connections: number;
  requests: () => Request[];
}

/**
 * One run (see `drive`): the server's metrics are read when the warm-up ends, which starts a new
 * event-loop delay histogram, and again at the end, so the server's figures cover the measured
 * window too. A background load runs for as long; its errors count as the run's.
 */
export async function measure(
  server: ServerProcess,
  requests: () => Request[],
  options: LoadOptions & { warmup: number; background?: BackgroundLoad },
): Promise<Measurement> {
  await settle(server);
  let before: Promise<ServerMetrics> | undefined;
  const { background, ...load } = options;
  const [measured, beside] = await Promise.all([
    drive(server, requests(), {
      ...load,
      onMeasuring: () => {
        before = server.metrics(true);
        // Awaited after the run; until then a failure must not count as unhandled.
        before.catch(() => {});
      },
    }),
    background
      ? drive(server, background.requests(), {
          connections: background.connections,
          duration: load.duration,
          warmup: load.warmup,
        })
      : null,
  ]);
  const { window } = measured;
  const errors = measured.errors + (beside?.errors ?? 0);
  const errorSamples = [...measured.errorSamples, ...(beside?.errorSamples ?? [])].slice(0, ERROR_SAMPLES);
  const after = await server.metrics();
  const from = await (before ?? after);
  await settle(server);
  const served = after.requests - from.requests;
  return {
    requests: window.answered,
    seconds: window.seconds,
    requestsPerSecond: perSecond(window),
    latencyMs: latencyOf(window),
    errors,
    errorSamples,
    sqlPerRequest: served > 0 ? (after.sqlStatements - from.sqlStatements) / served : 0,
    cpuMsPerRequest: served > 0 ? (after.cpuMicros - from.cpuMicros) / 1000 / served : 0,
    rssBytes: after.rssBytes,
    heapUsedBytes: after.heapUsedBytes,
    eventLoopDelayMs: {
      p50: after.eventLoopDelay.p50Ms,
      p99: after.eventLoopDelay.p99Ms,
      max: after.eventLoopDelay.maxMs,
    },
    background:
      beside && background
        ? {
            connections: background.connections,
            requestsPerSecond: perSecond(beside.window),
            latencyMs: latencyOf(beside.window),
          }
        : null,
  };
}
