import { dialectOf, type EntityManager, fromDbDate, kyselyOf, RateLimitBucket, toDbDate } from '@helpdesk/db';
import { Redis } from 'ioredis';

export interface RateLimitResult {
  /** Whether this hit is within the limit. */
  allowed: boolean;
  /** Hits still allowed in the current window. */
  remaining: number;
  /** When the current window ends and the count starts again from zero. */
  resetAt: Date;
}

/**
 * Fixed-window counters shared by every server instance: a key's window starts with its first
 * hit and lasts `windowMs`; a hit is allowed while the window holds at most `limit` hits.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number, now?: Date): Promise<RateLimitResult>;
}

function resultOf(count: number, resetAt: Date, limit: number): RateLimitResult {
  return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetAt };
}

/**
 * Counters in the `rate_limit_buckets` table, for deployments without Redis. One upsert counts the
 * hit (starting a new window when the old one is over), so concurrent hits never lose a count.
 * Call it outside any transaction of the caller's: on SQLite an open transaction holds the only
 * connection, and a count must commit whatever becomes of the request that made it.
 */
export class DatabaseRateLimiter implements RateLimiter {
  readonly #em: EntityManager;

  constructor(em: EntityManager) {
    this.#em = em;
  }

  async hit(key: string, limit: number, windowMs: number, now = new Date()): Promise<RateLimitResult> {
    const em = this.#em.fork();
    const dialect = dialectOf(em);
    const at = toDbDate(dialect, now);
    const nextReset = toDbDate(dialect, new Date(now.getTime() + windowMs));
    // The upsert and the read share a transaction: the row stays locked (MySQL) or the connection
    // held (SQLite) between them, so the count read back is this hit's own.
    const row = await em.transactional(async (tx) => {
      const db = kyselyOf(tx);
      const insert = db.insertInto('rate_limit_buckets').values({ key, count: 1, reset_at: nextReset });
      if (dialect === 'mysql') {
        // MySQL assigns left to right: `reset_at` is still the old value when `count` is computed.
        await insert
          .onDuplicateKeyUpdate((eb) => ({
            count: eb
              .case()
              .when('reset_at', '<=', at)
              .then(1)
              .else(eb('count', '+', 1))
              .end(),
            reset_at: eb.case().when('reset_at', '<=', at).then(nextReset).else(eb.ref('reset_at')).end(),
          }))
          .execute();
      } else {
        await insert
          .onConflict((conflict) =>
            conflict.column('key').doUpdateSet((eb) => ({
              count: eb
                .case()
                .when('rate_limit_buckets.reset_at', '<=', at)
                .then(1)
                .else(eb('rate_limit_buckets.count', '+', 1))
                .end(),
              reset_at: eb
                .case()
                .when('rate_limit_buckets.reset_at', '<=', at)
                .then(nextReset)
                .else(eb.ref('rate_limit_buckets.reset_at'))
                .end(),
            })),
          )
          .execute();
      }
      return db
        .selectFrom('rate_limit_buckets')
        .select(['count', 'reset_at'])
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
    });
    return resultOf(Number(row.count), fromDbDate(row.reset_at), limit);
  }
}

/** Deletes the buckets whose window is over (the scheduled jobs call it). Answers how many. */
export function purgeExpiredRateLimitBuckets(em: EntityManager, now: Date): Promise<number> {
  return em.fork().nativeDelete(RateLimitBucket, { resetAt: { $lte: now } });
}

/**
 * One hit, atomically: a new window (count 1, ends at now + window) when there is none or it is
 * over, else count + 1. The key expires with its window. Times are the caller's, like the
 * database limiter's, so both behave the same.
 */
const HIT_SCRIPT = `
local now = tonumber(ARGV[1])
local stored = redis.call('HGET', KEYS[1], 'reset')
local reset = ARGV[2]
local count = 1
if stored and tonumber(stored) > now then
  reset = stored
  count = redis.call('HINCRBY', KEYS[1], 'count', 1)
else
  redis.call('HSET', KEYS[1], 'count', 1, 'reset', reset)
end
redis.call('PEXPIRE', KEYS[1], math.max(1, tonumber(reset) - now))
return {count, reset}
`;

export interface RedisRateLimiterOptions {
  /** Put before every key, so several desks (or test runs) can share one Redis. */
  prefix?: string;
}

/** Counters in Redis (`REDIS_URL`): one small Lua script per hit, atomic on the Redis server. */
export class RedisRateLimiter implements RateLimiter {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(url: string, options: RedisRateLimiterOptions = {}) {
    this.#prefix = options.prefix ?? 'helpdesk:rate-limit:';
    // Fail a request quickly rather than queue it while Redis is unreachable.
    this.#redis = new Redis(url, { maxRetriesPerRequest: 1, commandTimeout: 5_000, lazyConnect: true });
  }

  async hit(key: string, limit: number, windowMs: number, now = new Date()): Promise<RateLimitResult> {
    const start = now.getTime();
    const [count, reset] = (await this.#redis.eval(
      HIT_SCRIPT,
      1,
      this.#prefix + key,
      String(start),
      String(start + windowMs),
    )) as [number, string];
    return resultOf(Number(count), new Date(Number(reset)), limit);
  }

  async close(): Promise<void> {
    if (this.#redis.status === 'wait') this.#redis.disconnect();
    else await this.#redis.quit();
  }
}
