import { JobLease, Setting, seedDemoDesk } from '@helpdesk/db';
import { createTestDatabase, type TestDatabase } from '@helpdesk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runSearchIndexMaintenance,
  SEARCH_INDEX_JOB,
  SEARCH_INDEX_REBUILT_KEY,
} from '../src/services/search-index.ts';

const HOUR = 3_600_000;
let db: TestDatabase;
const em = () => db.orm.em.fork();
const rebuiltAt = async () => (await em().findOne(Setting, { key: SEARCH_INDEX_REBUILT_KEY }))?.value ?? null;

beforeAll(async () => {
  db = await createTestDatabase();
  // Enough changed tickets to be due: 1,000, all written since the last rebuild (there was none).
  await seedDemoDesk(em(), { tickets: 1_000, passwordHash: 'x', seed: 9 });
}, 60_000);
afterAll(() => db?.dispose());

describe('the scheduled rebuild of the full-text index', () => {
  const now = new Date();

  it('rebuilds the index when enough tickets changed, then not again within a day', async () => {
    const first = await runSearchIndexMaintenance(em(), 'instance-a', now);
    expect(first).toEqual({
      rebuilt: true,
      documents: 1_000,
      caughtUp: expect.any(Number),
      touchedSinceLast: 1_000,
    });
    expect(await rebuiltAt()).toBe(now.toISOString());
    expect(await runSearchIndexMaintenance(em(), 'instance-a', new Date(now.getTime() + HOUR))).toBeNull();
    // A day later, but hardly anything changed since: not due.
    expect(
      await runSearchIndexMaintenance(em(), 'instance-a', new Date(now.getTime() + 25 * HOUR)),
    ).toBeNull();
    expect(await rebuiltAt()).toBe(now.toISOString());
  });

  it('leaves it to the instance that holds the lease', async () => {
    await em().nativeDelete(Setting, { key: SEARCH_INDEX_REBUILT_KEY });
    await em().insert(JobLease, {
      name: SEARCH_INDEX_JOB,
      owner: 'instance-a',
      lockedUntil: new Date(now.getTime() + HOUR),
    });
    expect(await runSearchIndexMaintenance(em(), 'instance-b', now)).toBeNull();
    expect(await rebuiltAt()).toBeNull();
    await em().nativeDelete(JobLease, { name: SEARCH_INDEX_JOB });
    expect(await runSearchIndexMaintenance(em(), 'instance-b', now)).toMatchObject({ rebuilt: true });
  });
});
