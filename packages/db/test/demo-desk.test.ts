import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type DemoDesk,
  fromDbDate,
  fromDbDateOrNull,
  kyselyOf,
  searchTicketRows,
  seedDemoDesk,
} from '../src/index.ts';
import { createTestDatabase, describeSchema, type TestDatabase } from '../src/testing/index.ts';
import { signal } from './support/signal.ts';

let db: TestDatabase;
let seeded: DemoDesk;
const TICKETS = 1_500;
beforeAll(async () => {
  db = await createTestDatabase();
  // One batch of 1,500 tickets holds more messages and events than one statement may carry
  // (32,766 parameters on SQLite, 65,535 on MySQL), so the inserts must split them.
  seeded = await seedDemoDesk(db.orm.em.fork(), {
    tickets: TICKETS,
    passwordHash: 'x',
    batchSize: TICKETS,
    seed: 7,
  });
}, 120_000);
afterAll(() => db?.dispose());

const query = () => kyselyOf(db.orm.em.fork());
const time = (value: unknown) => fromDbDate(value).getTime();

/** Rows whose reference points nowhere (a load with deferred foreign keys is not checked as it goes). */
async function orphans(database: TestDatabase) {
  const references = [
    ['tickets', 'requester_id', 'users'],
    ['tickets', 'assignee_id', 'users'],
    ['tickets', 'team_id', 'teams'],
    ['tickets', 'category_id', 'categories'],
    ['ticket_tags', 'ticket_id', 'tickets'],
    ['ticket_tags', 'tag_id', 'tags'],
    ['messages', 'ticket_id', 'tickets'],
    ['messages', 'author_id', 'users'],
    ['ticket_events', 'ticket_id', 'tickets'],
    ['ticket_events', 'actor_id', 'users'],
    ['ticket_search', 'ticket_id', 'tickets'],
  ] as const;
  const found: string[] = [];
  for (const [table, column, parent] of references) {
    const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)} c
      left join ${sql.table(parent)} p on p.id = c.${sql.ref(column)}
      where c.${sql.ref(column)} is not null and p.id is null`.execute(kyselyOf(database.orm.em.fork()));
    if (Number(rows[0]?.n)) found.push(`${table}.${column}`);
  }
  return found;
}

/** Subject, status and message count of every ticket, oldest first: what a seed must reproduce. */
async function fingerprint(database: TestDatabase) {
  const rows = await kyselyOf(database.orm.em.fork())
    .selectFrom('tickets as t')
    .select(['t.subject', 't.status', 't.priority'])
    .select((eb) =>
      eb
        .selectFrom('messages as m')
        .whereRef('m.ticket_id', '=', 't.id')
        .select(eb.fn.countAll().as('n'))
        .as('messages'),
    )
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute();
  return rows.map((row) => `${row.subject}|${row.status}|${row.priority}|${Number(row.messages)}`);
}

describe(`the demo desk (${process.env.TEST_DB ?? 'sqlite'})`, () => {
  it('has the configuration of a real desk: categories, teams, tags, organizations', async () => {
    const q = query();
    expect(await q.selectFrom('categories').select('name').execute()).toHaveLength(5);
    const teams = await q.selectFrom('teams').select(['id', 'round_robin']).execute();
    expect(teams).toHaveLength(3);
    expect(teams.filter((team) => Boolean(team.round_robin))).toHaveLength(1);
    const agents = await q.selectFrom('users').select('id').where('role', '=', 'agent').execute();
    const members = await q.selectFrom('team_members').select(['team_id', 'user_id']).execute();
    expect(new Set(members.map((member) => member.user_id))).toEqual(
      new Set(agents.map((agent) => agent.id)),
    );
    expect(new Set(members.map((member) => member.team_id)).size).toBe(3);
    expect(await q.selectFrom('tags').select('id').execute()).toHaveLength(30);

    const customers = await q
      .selectFrom('users')
      .select('organization_id')
      .where('role', '=', 'customer')
      .execute();
    const inOrganizations = customers.filter((customer) => customer.organization_id !== null).length;
    expect(inOrganizations / customers.length).toBeGreaterThan(0.25);
    expect(inOrganizations / customers.length).toBeLessThan(0.4);
    const organizations = await q.selectFrom('organizations').select('shared_tickets').execute();
    expect(organizations.filter((organization) => Boolean(organization.shared_tickets))).toHaveLength(1);
  });

  it('gives every ticket a created event, a search document and a consistent timeline', async () => {
    const q = query();
    const tickets = await q.selectFrom('tickets').selectAll().execute();
    expect(tickets).toHaveLength(TICKETS);
    const documents = await q.selectFrom('ticket_search').select('ticket_id').execute();
    expect(new Set(documents.map((document) => document.ticket_id))).toEqual(
      new Set(tickets.map((t) => t.id)),
    );

    const staff = new Set(
      (await q.selectFrom('users').select('id').where('role', '!=', 'customer').execute()).map(
        (user) => user.id,
      ),
    );
    const messages = await q
      .selectFrom('messages')
      .select(['ticket_id', 'author_id', 'internal', 'created_at'])
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const events = await q
      .selectFrom('ticket_events')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const byTicket = <T extends { ticket_id: string }>(rows: T[]) => {
      const map = new Map<string, T[]>();
      for (const row of rows) map.set(row.ticket_id, [...(map.get(row.ticket_id) ?? []), row]);
      return map;
    };
    const messagesOf = byTicket(messages);
    const eventsOf = byTicket(events);
    const now = Date.now();

    for (const ticket of tickets) {
      const conversation = messagesOf.get(ticket.id) ?? [];
      const timeline = eventsOf.get(ticket.id) ?? [];
      expect(timeline.filter((event) => event.kind === 'created')).toHaveLength(1);
      expect(time(timeline[0]?.created_at)).toBe(time(ticket.created_at));
      // One event per reply (the opening message is the created event), internal for notes.
      const replies = conversation.slice(1);
      expect(timeline.filter((event) => event.kind === 'replied')).toHaveLength(
        replies.filter((message) => !message.internal).length,
      );
      const notes = timeline.filter((event) => event.kind === 'note_added');
      expect(notes).toHaveLength(replies.filter((message) => Boolean(message.internal)).length);
      for (const note of notes) expect(Boolean(note.internal)).toBe(true);

      const firstAnswer = conversation.find(
        (message) => !message.internal && staff.has(message.author_id as string),
      );
      expect(fromDbDateOrNull(ticket.first_response_at)?.getTime() ?? null).toBe(
        firstAnswer ? time(firstAnswer.created_at) : null,
      );

      // Status changes chain from `new` to the ticket's status, and stamp solved_at / closed_at.
      let status = 'new';
      let solvedAt: number | null = null;
      let closedAt: number | null = null;
      for (const event of timeline) {
        if (event.kind === 'auto_closed') {
          expect(status).toBe('solved');
          status = 'closed';
        } else if (event.kind === 'field_changed') {
          expect(event.field).toBe('status');
          expect(event.from_value).toBe(status);
          status = event.to_value as string;
        } else continue;
        if (status === 'solved') solvedAt = time(event.created_at);
        if (status === 'closed') closedAt = time(event.created_at);
      }
      expect(status).toBe(ticket.status);
      expect(fromDbDateOrNull(ticket.solved_at)?.getTime() ?? null).toBe(solvedAt);
      expect(fromDbDateOrNull(ticket.closed_at)?.getTime() ?? null).toBe(closedAt);
      if (ticket.status === 'closed') expect(ticket.closed_at).not.toBeNull();
      if (ticket.status === 'solved' || ticket.status === 'closed') expect(ticket.due_at).toBeNull();

      const last = Math.max(...[...conversation, ...timeline].map((row) => time(row.created_at)));
      expect(time(ticket.updated_at)).toBe(last);
      expect(last).toBeLessThanOrEqual(now);
    }
  });

  it('spreads statuses, conversation lengths, tags and due dates like a real desk', async () => {
    const q = query();
    const tickets = await q.selectFrom('tickets').select(['id', 'status', 'due_at']).execute();
    const statuses = new Set(tickets.map((ticket) => ticket.status));
    for (const status of ['new', 'open', 'pending', 'on_hold', 'closed']) expect(statuses).toContain(status);
    const unresolved = tickets.filter((ticket) => !['solved', 'closed'].includes(ticket.status));
    const due = unresolved.filter((ticket) => ticket.due_at !== null).length / unresolved.length;
    expect(due).toBeGreaterThan(0.2);
    expect(due).toBeLessThan(0.4);

    const counts = await q
      .selectFrom('messages')
      .select(['ticket_id', (eb) => eb.fn.countAll().as('n')])
      .groupBy('ticket_id')
      .execute();
    const sizes = counts.map((row) => Number(row.n));
    expect(sizes.filter((n) => n <= 6).length / TICKETS).toBeGreaterThan(0.8);
    const long = sizes.filter((n) => n >= 15 && n <= 25).length / TICKETS;
    expect(long).toBeGreaterThan(0.06);
    expect(long).toBeLessThan(0.14);

    const tags = await q.selectFrom('ticket_tags').select(['ticket_id', 'tag_id']).execute();
    const known = new Set((await q.selectFrom('tags').select('id').execute()).map((tag) => tag.id));
    for (const tag of tags) expect(known).toContain(tag.tag_id);
    const perTicket = new Map<string, number>();
    for (const tag of tags) perTicket.set(tag.ticket_id, (perTicket.get(tag.ticket_id) ?? 0) + 1);
    expect(Math.max(...perTicket.values())).toBeLessThanOrEqual(3);
    expect(perTicket.size).toBeLessThan(TICKETS);
    const uses = new Map<string, number>();
    for (const tag of tags) uses.set(tag.tag_id, (uses.get(tag.tag_id) ?? 0) + 1);
    const sorted = [...uses.values()].sort((a, b) => b - a);
    // Skewed: the most used tag is far more common than a middling one.
    expect(sorted[0]).toBeGreaterThan(4 * (sorted[14] ?? 0));
  });

  const searchPrinter = () =>
    searchTicketRows(db.orm.em.fork(), {
      filter: {},
      text: 'printer',
      scope: 'all',
      activity: 'updated_at',
      offset: 0,
      limit: 10,
    });

  it('is searchable, customers only by public text', async () => {
    expect((await searchPrinter()).length).toBeGreaterThan(0);
  });

  it('searches while a transaction holds the server connection (SQLite searches on a thread of their own)', async () => {
    const entered = signal();
    const released = signal();
    const transaction = db.orm.em.fork().transactional(async (tx) => {
      await kyselyOf(tx).selectFrom('tickets').select('id').limit(1).execute();
      entered.fire();
      await released.fired;
    });
    await entered.fired;
    // On SQLite's one server connection this search would wait for the transaction, which waits
    // for the search: it would never answer.
    expect((await searchPrinter()).length).toBeGreaterThan(0);
    released.fire();
    await transaction;
  });

  it('is the same desk for the same seed, whatever the batch size or index handling', async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    try {
      // The first builds its secondary indexes after the load (as big desks do), the second during it.
      const rebuilt: number[] = [];
      await seedDemoDesk(first.orm.em.fork(), {
        tickets: 200,
        passwordHash: 'x',
        seed: 3,
        batchSize: 64,
        deferIndexes: true,
        onProgress: (phase, done) => phase === 'indexes' && rebuilt.push(done),
      });
      expect(Math.max(...rebuilt)).toBeGreaterThan(5);
      await seedDemoDesk(second.orm.em.fork(), { tickets: 200, passwordHash: 'x', seed: 3, batchSize: 200 });
      const desk = await fingerprint(first);
      expect(desk).toHaveLength(200);
      expect(new Set(desk).size).toBeGreaterThan(100);
      expect(await fingerprint(second)).toEqual(desk);
      expect(await orphans(first)).toEqual([]);
      expect(await describeSchema(first.orm, first.dialect)).toEqual(
        await describeSchema(second.orm, second.dialect),
      );
    } finally {
      await Promise.all([first.dispose(), second.dispose()]);
    }
  }, 120_000);

  it('stops early when asked, with its indexes and foreign keys back in place', async () => {
    const stopped = await createTestDatabase();
    try {
      const stop = new AbortController();
      const desk = await seedDemoDesk(stopped.orm.em.fork(), {
        tickets: 600,
        passwordHash: 'x',
        batchSize: 100,
        deferIndexes: true,
        signal: stop.signal,
        onProgress: (phase, done) => phase === 'tickets' && done >= 100 && stop.abort(),
      });
      expect(desk.tickets).toBeGreaterThan(0);
      expect(desk.tickets).toBeLessThan(600);
      const written = await kyselyOf(stopped.orm.em.fork())
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(written.n)).toBe(desk.tickets);
      expect(await describeSchema(stopped.orm, stopped.dialect)).toEqual(
        await describeSchema(db.orm, db.dialect),
      );
    } finally {
      await stopped.dispose();
    }
  }, 120_000);

  it('can be run again without duplicating the demo accounts or the configuration', async () => {
    const q = query();
    const count = async (
      table: 'users' | 'organizations' | 'teams' | 'team_members' | 'categories' | 'tags',
    ) =>
      Number(
        (
          await q
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const tables = ['users', 'organizations', 'teams', 'team_members', 'categories', 'tags'] as const;
    const before = await Promise.all(tables.map(count));
    const desk = await seedDemoDesk(db.orm.em.fork(), { tickets: 5, passwordHash: 'x', seed: 7 });
    expect(await Promise.all(tables.map(count))).toEqual(before);
    // The same accounts, found by their addresses.
    expect(desk.admin).toEqual(seeded.admin);
    expect(desk.agents).toEqual(seeded.agents);
    expect(desk.customers).toEqual(seeded.customers.slice(0, desk.customers.length));
    expect(await count('users')).toBe(1 + seeded.agents.length + seeded.customers.length);
  });
});
