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
});

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
  };
}
