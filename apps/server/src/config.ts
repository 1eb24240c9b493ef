import { resolve } from 'node:path';
import { repoRoot } from '@helpdesk/db';
import { z } from 'zod';

/**
 * Every environment variable the server reads, validated once at start. A bad value stops the
 * server with a message naming the variable, instead of failing later in some request.
 */
const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const origin = z.url().transform((value, ctx) => {
  const url = new URL(value);
  if (url.origin === 'null') ctx.addIssue({ code: 'custom', message: `${value} has no origin` });
  return url.origin;
});

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('localhost'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATABASE_URL: z.string().optional(),
  /** The address people use to reach the desk; https here makes cookies Secure. */
  PUBLIC_URL: z.url().optional(),
  /** Other origins (front-ends on other hosts) allowed to call with cookies, comma-separated. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(12),
  /** Trust X-Forwarded-* only from these proxies (comma-separated addresses or CIDRs), or `true`. */
  TRUST_PROXY: z.string().optional(),
  /** Seconds in-flight requests get to finish on shutdown. */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(10),
  REQUEST_LOGS: booleanish.default(true),
  /** Shed load (503) while the event loop lags more than this many milliseconds; 0 never sheds. */
  MAX_EVENT_LOOP_DELAY_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Requests per minute per client address (shared through Redis when set); 0 turns it off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  /** Redis shared by every instance for rate limits; unset: they live in the database. */
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
  /** How often scheduled jobs (auto-close, purges) run; 0 turns them off on this instance. */
  JOBS_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .default(60),
  /** Where mail goes: `smtp://user:pass@host:587` or `smtps://…`; unset: .eml files in MAIL_OUTBOX_DIR. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  /** The From header; one line (it is a mail header). */
  MAIL_FROM: z
    .string()
    .regex(/^[^\r\n]*@[^\r\n]*$/, 'must be one line with an address, e.g. Helpdesk <help@example.com>')
    .default('Helpdesk <helpdesk@localhost>'),
  /** `GET /metrics` answers only with `Authorization: Bearer <METRICS_TOKEN>`; unset: no such route. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** The file outbox (without SMTP_URL), relative to the repository root. */
  MAIL_OUTBOX_DIR: z.string().optional(),
  /** How often pending mail is sent; 0 turns sending off on this instance. */
  MAIL_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(3600).default(5),
  /** Attachment files, relative to the repository root; never inside a served folder. */
  ATTACHMENTS_DIR: z.string().optional(),
  /** The largest file one upload may carry (10 MiB by default; 1 GiB at most). */
  ATTACHMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024 ** 3)
    .default(10 * 1024 ** 2),
  /** The most attachment bytes one ticket may hold (50 MiB by default). */
  ATTACHMENT_MAX_TICKET_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 53 - 1)
    .default(50 * 1024 ** 2),
  /** The built dashboard served at /admin, relative to the repository root. */
  ADMIN_DIST_DIR: z.string().optional(),
});

/** Every variable the server reads (`.env.example` documents each one; a test checks it). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export interface ServerConfig {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl: string | undefined;
  publicUrl: string;
  /** Cookies get `Secure` and the `__Host-` prefix. */
  secureCookies: boolean;
  /** Origins whose pages may send cookie-authenticated mutations: our own plus ALLOWED_ORIGINS. */
  allowedOrigins: string[];
  logLevel: string;
  requestLogs: boolean;
  session: { idleTimeoutMs: number; absoluteTimeoutMs: number; touchIntervalMs: number };
  trustProxy: boolean | string[];
  shutdownTimeoutMs: number;
  requestsPerMinute: number;
  maxEventLoopDelayMs: number;
  redisUrl: string | undefined;
  /** 0: this instance runs no scheduled jobs. */
  jobsIntervalMs: number;
  /** `intervalMs` 0: this instance sends no mail (others sharing the database may). */
  mail: { smtpUrl: string | undefined; from: string; outboxDir: string; intervalMs: number };
  attachments: { dir: string; maxBytes: number; maxTicketBytes: number };
  /** Serve `GET /metrics` to holders of this bearer token (the benchmark); unset: no metrics route. */
  metricsToken: string | undefined;
  /** The built dashboard (`npm run build`), served at /admin when it exists. */
  adminDistDir: string;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // An empty line in .env (`PUBLIC_URL=`) means "not set", not "set to nothing".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const publicUrl = new URL(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`);
  const trustProxy =
    e.TRUST_PROXY === undefined || e.TRUST_PROXY === '' || e.TRUST_PROXY === 'false'
      ? false
      : e.TRUST_PROXY === 'true'
        ? true
        : e.TRUST_PROXY.split(',').map((item) => item.trim());
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL || undefined,
    publicUrl: publicUrl.origin,
    secureCookies: publicUrl.protocol === 'https:',
    allowedOrigins: [...new Set([publicUrl.origin, ...e.ALLOWED_ORIGINS])],
    logLevel: e.LOG_LEVEL,
    requestLogs: e.REQUEST_LOGS,
    session: {
      idleTimeoutMs: e.SESSION_IDLE_MINUTES * 60_000,
      absoluteTimeoutMs: e.SESSION_ABSOLUTE_HOURS * 3_600_000,
      touchIntervalMs: Math.min(60_000, e.SESSION_IDLE_MINUTES * 60_000),
    },
    trustProxy,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    requestsPerMinute: e.RATE_LIMIT_PER_MINUTE,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    redisUrl: e.REDIS_URL,
    jobsIntervalMs: e.JOBS_INTERVAL_SECONDS * 1000,
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      outboxDir: resolve(repoRoot, e.MAIL_OUTBOX_DIR ?? 'data/outbox'),
      intervalMs: e.MAIL_INTERVAL_SECONDS * 1000,
    },
    attachments: {
      dir: resolve(repoRoot, e.ATTACHMENTS_DIR ?? 'data/attachments'),
      maxBytes: e.ATTACHMENT_MAX_BYTES,
      maxTicketBytes: e.ATTACHMENT_MAX_TICKET_BYTES,
    },
    metricsToken: e.METRICS_TOKEN,
    adminDistDir: resolve(repoRoot, e.ADMIN_DIST_DIR ?? 'apps/admin/dist'),
  };
}
