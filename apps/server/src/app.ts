import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import {
  type ApiConfig,
  DatabaseRateLimiter,
  LocalFileStorage,
  LocalLiveEvents,
  RedisLiveEvents,
  RedisRateLimiter,
  SettingsCache,
} from '@helpdesk/api';
import type { Orm } from '@helpdesk/db';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { ServerConfig } from './config.ts';
import { adminPlugin } from './plugins/admin.ts';
import { attachmentsPlugin } from './plugins/attachments.ts';
import { hardeningPlugin } from './plugins/hardening.ts';
import { healthPlugin } from './plugins/health.ts';
import { jobsPlugin } from './plugins/jobs.ts';
import { mailPlugin } from './plugins/mail.ts';
import { metricsPlugin } from './plugins/metrics.ts';
import { ormPlugin } from './plugins/orm.ts';
import { securityPlugin } from './plugins/security.ts';
import { shutdownPlugin } from './plugins/shutdown.ts';
import { trpcPlugin } from './plugins/trpc.ts';

export interface BuildAppOptions {
  config: ServerConfig;
  orm: Orm;
  dialect: string;
  /** The clock (tests move it to expire sessions). */
  now?: () => Date;
  /** Where logs go (tests capture them); stdout by default. */
  logStream?: NodeJS.WritableStream;
  /** False sends every call through tRPC's own adapter (see plugins/trpc-direct.ts); tests compare. */
  directCalls?: boolean;
}

/** The whole HTTP server, every concern a named plugin; `listen` is the caller's business. */
export async function buildApp({
  config,
  orm,
  dialect,
  now,
  logStream,
  directCalls,
}: BuildAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(logStream ? { stream: logStream } : {}),
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    logController: new LogController({ disableRequestLogging: !config.requestLogs }),
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    requestTimeout: 30_000,
    // New requests get 503 while in-flight ones finish during a graceful shutdown.
    return503OnClosing: true,
    routerOptions: { maxParamLength: 5000 },
  });

  await app.register(shutdownPlugin);
  await app.register(hardeningPlugin, {
    allowedOrigins: config.allowedOrigins.filter((origin) => origin !== config.publicUrl),
    https: config.secureCookies,
    requestsPerMinute: config.requestsPerMinute,
    redisUrl: config.redisUrl,
    maxEventLoopDelayMs: config.maxEventLoopDelayMs,
  });
  // Before the routes, so its request counter sees every one of them.
  if (config.metricsToken) await app.register(metricsPlugin, { orm, token: config.metricsToken });
  await app.register(ormPlugin, { orm });
  await app.register(fastifyCookie);
  await app.register(securityPlugin, { allowedOrigins: config.allowedOrigins });
  await app.register(healthPlugin, { orm, dialect });
  // Rate limits are shared by every instance: in Redis when there is one, else in the database.
  const rateLimiter = config.redisUrl
    ? new RedisRateLimiter(config.redisUrl)
    : new DatabaseRateLimiter(orm.em);
  if (rateLimiter instanceof RedisRateLimiter) app.addHook('onClose', () => rateLimiter.close());
  // Live dashboards hear of ticket changes made on any instance through Redis; alone, in-process.
  const liveEvents = config.redisUrl ? new RedisLiveEvents(config.redisUrl) : new LocalLiveEvents();
  // Open event streams end first, so a shutdown waits only for real requests.
  app.addHook('preClose', () => liveEvents.close());
  const api: ApiConfig = {
    session: config.session,
    rateLimiter,
    settingsCache: new SettingsCache(5_000),
    liveEvents,
    attachments: { maxTicketBytes: config.attachments.maxTicketBytes },
  };
  await app.register(trpcPlugin, { api, secureCookies: config.secureCookies, now, directCalls });
  // Files under generated names in a folder nothing serves; the routes below are the only way in.
  const storage = new LocalFileStorage(config.attachments.dir);
  await app.register(attachmentsPlugin, {
    api,
    storage,
    maxBytes: config.attachments.maxBytes,
    secureCookies: config.secureCookies,
    now,
  });
  await app.register(jobsPlugin, { orm, intervalMs: config.jobsIntervalMs, now, storage });
  await app.register(mailPlugin, { orm, publicUrl: config.publicUrl, ...config.mail, now });
  await app.register(adminPlugin, { distDir: config.adminDistDir });
  return app;
}
