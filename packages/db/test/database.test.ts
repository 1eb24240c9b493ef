import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  kyselyOf,
  newId,
  parseDatabaseUrl,
  searchTicketRows,
  seedDemoDesk,
  Ticket,
  User,
} from '../src/index.ts';
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

describe('the demo desk generator', () => {
  it('writes tickets, conversations and search documents that the app can read', async () => {
    const desk = await seedDemoDesk(db.orm.em.fork(), { tickets: 120, passwordHash: 'x', batchSize: 50 });
    expect(desk.tickets).toBe(120);
    const em = db.orm.em.fork();
    expect(await em.count(Ticket)).toBe(120);
    const ticket = await em.findOneOrFail(Ticket, { status: { $ne: 'new' } }, { populate: ['messages'] });
    expect(ticket.messages.length).toBeGreaterThan(0);
    const documents = await kyselyOf(em)
      .selectFrom('ticket_search')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(documents.n)).toBe(120);
  });

  it('is searchable on both dialects, customers only by public text', async () => {
    const em = db.orm.em.fork();
    const found = await searchTicketRows(em, {
      filter: {},
      text: 'printer',
      scope: 'all',
      activity: 'updated_at',
      offset: 0,
      limit: 10,
    });
    expect(found.length).toBeGreaterThan(0);
    for (const row of found) expect(row.subject.length).toBeGreaterThan(0);
  });

  it('can be run again without duplicating the demo accounts', async () => {
    await seedDemoDesk(db.orm.em.fork(), { tickets: 5, passwordHash: 'x' });
    expect(await db.orm.em.fork().count(User, { email: 'admin@example.com' })).toBe(1);
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
