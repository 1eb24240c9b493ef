import { randomUUID } from 'node:crypto';
import { RateLimitBucket } from '@helpdesk/db';
import { createTestDatabase, type TestDatabase, testDialect } from '@helpdesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatabaseRateLimiter,
  purgeExpiredRateLimitBuckets,
  type RateLimiter,
  RedisRateLimiter,
} from '../src/services/rate-limiter.ts';

const WINDOW = 60_000;
const REDIS_URL = 'redis://127.0.0.1:6379';

let db: TestDatabase;
let redis: RedisRateLimiter;

beforeAll(async () => {
  db = await createTestDatabase();
  // A prefix of its own: test runs (and both database projects) share one Redis.
  redis = new RedisRateLimiter(REDIS_URL, { prefix: `helpdesk-test:${randomUUID()}:` });
});
afterAll(async () => {
  await redis?.close();
  await db?.dispose();
});

/** The behaviour both implementations must have, each run against its own store. */
function behavesAsAFixedWindow(limiter: () => RateLimiter) {
  it('allows `limit` hits per window, then refuses until the window is over', async () => {
    const now = new Date('2030-01-01T10:00:00.000Z');
    const key = `k-${randomUUID()}`;
    const results = [];
    for (let i = 0; i < 4; i++)
      results.push(await limiter().hit(key, 3, WINDOW, new Date(now.getTime() + i * 1000)));
    expect(results.map((result) => [result.allowed, result.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    // The window starts with the first hit and does not slide with later ones.
    for (const result of results) expect(result.resetAt.toISOString()).toBe('2030-01-01T10:01:00.000Z');

    const justBefore = await limiter().hit(key, 3, WINDOW, new Date(now.getTime() + WINDOW - 1));
    expect(justBefore.allowed).toBe(false);
    const after = await limiter().hit(key, 3, WINDOW, new Date(now.getTime() + WINDOW));
    expect(after).toEqual({ allowed: true, remaining: 2, resetAt: new Date(now.getTime() + 2 * WINDOW) });
  });

  it('counts each key on its own', async () => {
    const now = new Date('2030-01-01T11:00:00.000Z');
    const first = `a-${randomUUID()}`;
    const second = `b-${randomUUID()}`;
    expect((await limiter().hit(first, 1, WINDOW, now)).allowed).toBe(true);
    expect((await limiter().hit(first, 1, WINDOW, now)).allowed).toBe(false);
    expect((await limiter().hit(second, 1, WINDOW, now)).allowed).toBe(true);
  });

  it('lets exactly `limit` of 50 concurrent hits on one key through', async () => {
    const now = new Date('2030-01-01T12:00:00.000Z');
    const key = `c-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 50 }, () => limiter().hit(key, 10, WINDOW, now)));
    expect(results.filter((result) => result.allowed)).toHaveLength(10);
    // Every hit was counted once: the remaining counts seen are 9..0, once each, then zeros.
    const remaining = results.map((result) => result.remaining).sort((a, b) => b - a);
    expect(remaining.slice(0, 10)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    const next = await limiter().hit(key, 60, WINDOW, now);
    expect(next.remaining).toBe(60 - 51);
  });
}

describe('the database rate limiter', () => {
  const limiter = () => new DatabaseRateLimiter(db.orm.em);
  behavesAsAFixedWindow(limiter);

  // On SQLite an open transaction holds the only connection, so callers count before theirs.
  if (testDialect() === 'mysql')
    it('commits its count even inside a caller transaction that rolls back', async () => {
      const key = `t-${randomUUID()}`;
      const now = new Date('2030-01-02T10:00:00.000Z');
      await expect(
        db.orm.em.fork().transactional(async (tx) => {
          await new DatabaseRateLimiter(tx).hit(key, 5, WINDOW, now);
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect((await limiter().hit(key, 5, WINDOW, now)).remaining).toBe(3);
    });

  it('purges the buckets whose window is over, and only those', async () => {
    const now = new Date('2031-01-01T00:00:00.000Z');
    const old = `old-${randomUUID()}`;
    const current = `current-${randomUUID()}`;
    await limiter().hit(old, 5, WINDOW, new Date(now.getTime() - 2 * WINDOW));
    await limiter().hit(current, 5, WINDOW, new Date(now.getTime() - WINDOW / 2));
    expect(await purgeExpiredRateLimitBuckets(db.orm.em, now)).toBeGreaterThanOrEqual(1);
    const left = await db.orm.em.fork().find(RateLimitBucket, { key: { $in: [old, current] } });
    expect(left.map((bucket) => bucket.key)).toEqual([current]);
  });
});

describe('the Redis rate limiter', () => {
  behavesAsAFixedWindow(() => redis);
});
