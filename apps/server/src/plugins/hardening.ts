import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyCors from '@fastify/cors';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyUnderPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import helmet, { type HelmetOptions } from 'helmet';
import { Redis } from 'ioredis';

/** What a 503 without a Retry-After of its own gets. */
const RETRY_AFTER_SECONDS = '2';

export interface HardeningOptions {
  /** Origins of other front-ends allowed to call with credentials (exact matches, never reflected). */
  allowedOrigins: readonly string[];
  /** Served over HTTPS: add HSTS. */
  https: boolean;
  /** Requests per minute per client address, across every instance. */
  requestsPerMinute: number;
  /** Redis for the shared counters; without it they live in this process (one instance only). */
  redisUrl?: string;
  /** Answer 503 while the event loop lags more than this (0: never shed load). */
  maxEventLoopDelayMs: number;
}

/**
 * The server's outer shell, applied to every response including 404s and errors: security
 * headers (helmet's, worked out once), an exact CORS allowlist, a per-address request rate limit shared through
 * Redis, and load shedding (503) when the event loop falls behind.
 */
export const hardeningPlugin = fp<HardeningOptions>(
  async (app, options) => {
    const headers = securityHeaders({
      // An API answers JSON and files: nothing may run, embed or frame it.
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
          formAction: ["'none'"],
        },
      },
      hsts: options.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
      crossOriginResourcePolicy: { policy: 'same-origin' },
    });
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers);
      done();
    });

    // Exact origins only; anything else gets no CORS headers at all (never `*`, never reflected).
    const allowed = new Set(options.allowedOrigins);
    await app.register(fastifyCors, {
      origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
      credentials: true,
      methods: ['GET', 'POST'],
      allowedHeaders: ['content-type', 'authorization', 'trpc-accept', 'x-trpc-source'],
      maxAge: 600,
    });
    // tRPC writes its own `Vary` (trpc-accept, accept) over the one CORS set: put Origin back, so a
    // cache never hands one origin's CORS answer to another. tRPC's own handler answers with a
    // Fetch `Response`, whose headers Fastify copies only after this hook: those are mended there.
    app.addHook('onSend', (_request, reply, payload, done) => {
      const headers = payload instanceof Response ? payload.headers : null;
      const vary = headers ? headers.get('vary') : reply.getHeader('vary');
      if (typeof vary === 'string' && !/\borigin\b/i.test(vary)) {
        if (headers) headers.set('vary', `${vary}, Origin`);
        else reply.header('vary', `${vary}, Origin`);
      }
      // A 503 says when to come back: a lock another change held, or a database that could not be
      // reached, is usually gone within seconds (load shedding sets its own, longer).
      const status = payload instanceof Response ? payload.status : reply.statusCode;
      if (status === 503 && !(headers ? headers.has('retry-after') : reply.hasHeader('retry-after'))) {
        if (headers) headers.set('retry-after', RETRY_AFTER_SECONDS);
        else reply.header('retry-after', RETRY_AFTER_SECONDS);
      }
      done(null, payload);
    });

    if (options.requestsPerMinute > 0) await registerRateLimit(app, options);

    if (options.maxEventLoopDelayMs > 0) {
      await app.register(fastifyUnderPressure, {
        maxEventLoopDelay: options.maxEventLoopDelayMs,
        retryAfter: 10,
      });
    }
  },
  { name: 'hardening' },
);

async function registerRateLimit(app: FastifyInstance, options: HardeningOptions) {
  const redis = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  if (redis) app.addHook('onClose', async () => void (await redis.quit()));
  await app.register(fastifyRateLimit, {
    global: true,
    max: options.requestsPerMinute,
    timeWindow: 60_000,
    ...(redis ? { redis, nameSpace: 'helpdesk-rl:' } : {}),
    // `request.ip` honours TRUST_PROXY only for configured proxies, so a spoofed
    // X-Forwarded-For from anywhere else cannot pick its own bucket.
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (request, context) => ({
      statusCode: 429,
      error: {
        message: `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} seconds`,
        code: -32029,
        data: { code: 'TOO_MANY_REQUESTS', httpStatus: 429, requestId: request.id },
      },
    }),
  });
}

/**
 * The headers helmet sets for these options. They never depend on the request, so they are
 * worked out once and set in one call; @fastify/helmet builds helmet's middleware anew for every
 * request (parsing the options each time), which cost a signed-in `auth.me` a fifth of its time.
 */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure;
  return headers;
}
