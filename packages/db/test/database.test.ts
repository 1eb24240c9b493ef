import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId, parseDatabaseUrl, User } from '../src/index.ts';
import { createTestDatabase, describeSchema, type TestDatabase } from '../src/testing/index.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.dispose());

describe(`migrations (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('build exactly the schema the entities describe', async () => {
    // The same server describes a database built by the migrations and one built straight from
    // the entities; any difference is an entity change without a migration for this dialect.
    const fromEntities = await createTestDatabase({ fromEntities: true });
    try {
      expect(await describeSchema(db.orm, db.dialect)).toEqual(
        await describeSchema(fromEntities.orm, db.dialect),
      );
    } finally {
      await fromEntities.dispose();
    }
  });

  it('leave nothing pending', async () => {
    expect(await db.orm.migrator.getPending()).toEqual([]);
  });

  it('store times in UTC with millisecond precision', async () => {
    const em = db.orm.em.fork();
    const at = new Date('2026-03-29T01:30:00.123Z');
    const user = em.create(User, { email: 'utc@example.test', name: 'UTC', createdAt: at, updatedAt: at });
    await em.flush();
    const reloaded = await db.orm.em.fork().findOneOrFail(User, user.id);
    expect(reloaded.createdAt.toISOString()).toBe(at.toISOString());
  });
});

describe('DATABASE_URL', () => {
  it('defaults to an SQLite file under ./data', () => {
    const target = parseDatabaseUrl(undefined, '/srv/helpdesk');
    expect(target).toEqual({ dialect: 'sqlite', path: '/srv/helpdesk/data/helpdesk.db' });
  });

  it('reads mysql:// and sqlite: URLs and refuses anything else', () => {
    expect(parseDatabaseUrl('mysql://u:p@db:3306/desk', '/x')).toMatchObject({
      dialect: 'mysql',
      database: 'desk',
    });
    expect(parseDatabaseUrl('sqlite:/tmp/a.db', '/x')).toEqual({ dialect: 'sqlite', path: '/tmp/a.db' });
    expect(parseDatabaseUrl('sqlite::memory:', '/x')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(() => parseDatabaseUrl('postgres://x/y', '/x')).toThrow(/mysql:\/\/ or sqlite:/);
    expect(() => parseDatabaseUrl('mysql://u@db:3306/', '/x')).toThrow(/database name/);
  });
});

describe('ids', () => {
  it('are 26 characters, unique, time-ordered and reveal no count', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => newId(1_700_000_000_000 + i));
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});
