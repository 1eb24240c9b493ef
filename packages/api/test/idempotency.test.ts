import { createHash, randomUUID } from 'node:crypto';
import { type EntityManager, IdempotencyRecord, Setting } from '@helpdesk/db';
import { createTestDatabase, type TestDatabase } from '@helpdesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../src/errors.ts';
import { purgeIdempotencyRecords, requestHashOf, withIdempotency } from '../src/services/idempotency.ts';

let db: TestDatabase;
const em = () => db.orm.em.fork();

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.dispose());

/** A unit of work with a visible effect: one settings row per call. */
function writer(value: string) {
  let calls = 0;
  return {
    calls: () => calls,
    run: async (tx: EntityManager) => {
      calls++;
      tx.create(Setting, { key: `test-${value}-${randomUUID()}`, value });
      await tx.flush();
      return { value, call: calls };
    },
  };
}

const settingsWith = (value: string) => em().count(Setting, { key: { $like: `test-${value}-%` } });
const errorOf = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

describe('withIdempotency', () => {
  it('runs once and answers retries with the stored answer', async () => {
    const scope = `scope-${randomUUID()}`;
    const work = writer('once');
    const now = new Date('2030-01-01T00:00:00Z');
    const first = await withIdempotency(em(), scope, requestHashOf(['a']), work.run, now);
    const again = await withIdempotency(em(), scope, requestHashOf(['a']), work.run, now);
    expect(again).toEqual(first);
    expect(work.calls()).toBe(1);
    expect(await em().count(IdempotencyRecord, { response: { $ne: null } })).toBeGreaterThanOrEqual(1);
  });

  it('refuses the key with another request hash (UNPROCESSABLE_CONTENT)', async () => {
    const scope = `scope-${randomUUID()}`;
    const work = writer('other');
    await withIdempotency(em(), scope, requestHashOf(['a']), work.run);
    const error = await errorOf(withIdempotency(em(), scope, requestHashOf(['b']), work.run));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'UNPROCESSABLE_CONTENT' });
    expect(work.calls()).toBe(1);
  });

  it('lets a retry proceed when the first run failed, keeping nothing of it', async () => {
    const scope = `scope-${randomUUID()}`;
    const hash = requestHashOf(['fails']);
    const failing = async (tx: EntityManager) => {
      tx.create(Setting, { key: `test-failed-${randomUUID()}`, value: 'failed' });
      await tx.flush();
      throw new Error('boom');
    };
    await expect(withIdempotency(em(), scope, hash, failing)).rejects.toThrow('boom');
    expect(await settingsWith('failed')).toBe(0);
    const work = writer('retried');
    expect(await withIdempotency(em(), scope, hash, work.run)).toEqual({ value: 'retried', call: 1 });
  });

  it('answers CONFLICT while another request holds the key, and lets an abandoned one be taken over', async () => {
    const scope = `scope-${randomUUID()}`;
    const hash = requestHashOf(['pending']);
    const start = new Date('2030-02-01T00:00:00Z');
    // What another instance's request in progress leaves: a pending record.
    const key = createHash('sha256').update(scope).digest('hex');
    await em().insert(IdempotencyRecord, { key, requestHash: hash, response: null, createdAt: start });
    const work = writer('takeover');
    const error = await errorOf(
      withIdempotency(em(), scope, hash, work.run, new Date(start.getTime() + 60_000)),
    );
    expect(error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('still being processed'),
    });
    expect(work.calls()).toBe(0);
    // Requests time out long before two minutes: a record that old was left by one that died.
    const late = await withIdempotency(em(), scope, hash, work.run, new Date(start.getTime() + 121_000));
    expect(late).toEqual({ value: 'takeover', call: 1 });
    expect(await withIdempotency(em(), scope, hash, work.run)).toEqual(late);
    expect(work.calls()).toBe(1);
  });

  it('purges records older than 24 hours, and only those', async () => {
    const now = new Date('2031-01-01T00:00:00Z');
    const oldScope = `old-${randomUUID()}`;
    const recentScope = `recent-${randomUUID()}`;
    await withIdempotency(em(), oldScope, 'h', writer('old').run, new Date(now.getTime() - 25 * 3_600_000));
    await withIdempotency(
      em(),
      recentScope,
      'h',
      writer('recent').run,
      new Date(now.getTime() - 23 * 3_600_000),
    );
    expect(await purgeIdempotencyRecords(em(), now)).toBeGreaterThanOrEqual(1);
    // The old key is free again (runs anew), the recent one still answers from its record.
    const oldWork = writer('old-again');
    await withIdempotency(em(), oldScope, 'h', oldWork.run, now);
    expect(oldWork.calls()).toBe(1);
    const recentWork = writer('recent-again');
    expect(await withIdempotency(em(), recentScope, 'h', recentWork.run, now)).toEqual({
      value: 'recent',
      call: 1,
    });
    expect(recentWork.calls()).toBe(0);
  });
});
