import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toDbDate } from '../src/repositories/dialect.ts';
import { kyselyOf } from '../src/repositories/kysely.ts';
import { preparedQuery } from '../src/repositories/prepared.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  const k = kyselyOf(db.orm.em.fork());
  const now = toDbDate(db.dialect, new Date());
  await k
    .insertInto('organizations')
    .values(
      ['Acme', 'Globex', 'Initech', 'Umbrella'].map((name, i) => ({
        id: `org${i}`,
        name,
        shared_tickets: i % 2 === 0,
        created_at: now as never,
      })) as never,
    )
    .execute();
});
afterAll(() => db?.dispose());

const names = (rows: { name: string }[]) => rows.map((row) => row.name);

let builds = 0;

/** Organizations by id list and an optional name prefix: a query whose shape depends on its input. */
function run(args: { ids: string[]; prefix?: string | null; limit: number }) {
  const em = db.orm.em.fork();
  const k = kyselyOf(em);
  return db.recordQueries(() =>
    preparedQuery(k as never, db.dialect, 'test-orgs', args, ({ ids, prefix, limit }) => {
      builds++;
      let q = k.selectFrom('organizations').select('name').where('id', 'in', ids);
      if (prefix !== undefined && prefix !== null) q = q.where('name', 'like', prefix);
      return q.orderBy('name').limit(limit);
    }),
  );
}

describe('preparedQuery', () => {
  it('answers what the built query answers, for new values of a cached shape', async () => {
    expect(names((await run({ ids: ['org0', 'org1'], limit: 10 })).result)).toEqual(['Acme', 'Globex']);
    expect(names((await run({ ids: ['org2', 'org3'], limit: 10 })).result)).toEqual(['Initech', 'Umbrella']);
    expect(names((await run({ ids: ['org3', 'org0'], limit: 1 })).result)).toEqual(['Acme']);
    // Built once for the shape, then only given new values.
    expect(builds).toBe(1);
  });

  it('tells shapes apart by list length, presence and null', async () => {
    expect(names((await run({ ids: ['org0', 'org1', 'org2'], limit: 10 })).result)).toEqual([
      'Acme',
      'Globex',
      'Initech',
    ]);
    expect(names((await run({ ids: ['org0', 'org1', 'org2'], prefix: 'G%', limit: 10 })).result)).toEqual([
      'Globex',
    ]);
    expect(names((await run({ ids: ['org0', 'org1', 'org2'], prefix: 'I%', limit: 10 })).result)).toEqual([
      'Initech',
    ]);
    expect(names((await run({ ids: ['org0', 'org1'], prefix: null, limit: 10 })).result)).toEqual([
      'Acme',
      'Globex',
    ]);
  });

  it('sends one statement with the values as parameters, never in the SQL text', async () => {
    const { queries } = await run({ ids: ["org0' OR '1'='1"], limit: 10 });
    expect(queries).toHaveLength(1);
    expect(queries[0]).not.toContain("'1'='1");
    expect((await run({ ids: ["org0' OR '1'='1"], limit: 10 })).result).toEqual([]);
  });

  it('falls back to building the query when a value cannot be marked or is computed with', async () => {
    const em = db.orm.em.fork();
    const k = kyselyOf(em);
    const computed = await preparedQuery(k as never, db.dialect, 'test-computed', { limit: 1 }, ({ limit }) =>
      // `limit + 1` on a marker is a different string: the shape is not cached, the answer is still right.
      k
        .selectFrom('organizations')
        .select('name')
        .orderBy('name')
        .limit((limit as number) + 1),
    );
    expect(names(computed)).toEqual(['Acme', 'Globex']);
    const dated = await preparedQuery(
      k as never,
      db.dialect,
      'test-dated',
      { since: new Date(0) },
      ({ since }) =>
        k
          .selectFrom('organizations')
          .select('name')
          .where('created_at', '>', toDbDate(db.dialect, since))
          .orderBy('name'),
    );
    expect(names(dated)).toHaveLength(4);
  });

  it('takes dates in the database’s form (toDbDate) as parameters of a cached shape', async () => {
    const k = kyselyOf(db.orm.em.fork());
    let built = 0;
    for (const [since, found] of [
      [new Date(0), 4],
      [new Date(Date.UTC(2999, 0, 1)), 0],
    ] as const) {
      const rows = await preparedQuery(
        k as never,
        db.dialect,
        'test-since',
        { since: toDbDate(db.dialect, since) },
        (args) => {
          built++;
          return k.selectFrom('organizations').select('name').where('created_at', '>', args.since);
        },
      );
      expect(rows).toHaveLength(found);
    }
    expect(built).toBe(1);
  });
});
