import { CompiledQuery } from 'kysely'; // EXPERIMENT
import type { EntityManager } from '../orm.ts';
import { dialectOf, toDbDate } from '../repositories/dialect.ts';
import { kyselyOf } from '../repositories/kysely.ts';
import { deferSecondaryIndexes, ensureRows, insertRows, prepareBulkSession, type Row } from './bulk-load.ts';
import { organizationName, personName, seededRandom, TAG_NAMES } from './text.ts';
import {
  addTicket,
  BulkIds,
  type DemoUser,
  type DeskShape,
  PLANS,
  type SeedCategory,
  type SeedTeam,
  TicketBatch,
} from './ticket-rows.ts';

export type { DemoUser };

export interface DemoDeskOptions {
  tickets: number;
  /** One argon2id hash shared by every demo account (hashing thousands would take minutes). */
  passwordHash: string;
  agents?: number;
  customers?: number;
  /** Seed of the pseudo-random data: the same seed gives the same desk. */
  seed?: number;
  /** How far back the tickets go. */
  days?: number;
  /** Tickets per transaction. */
  batchSize?: number;
  /**
   * Drop the secondary indexes of the ticket tables for the load and build them afterwards
   * (default: from 20,000 tickets on). Stopping through `signal` still rebuilds them.
   */
  deferIndexes?: boolean;
  /** Stops after the batch being written (the desk then has fewer tickets than asked). */
  signal?: AbortSignal;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface DemoDesk {
  admin: DemoUser;
  agents: DemoUser[];
  customers: DemoUser[];
  organizations: number;
  /** The organization whose members see each other's tickets, and a few of its members. */
  sharedOrganization: { name: string; members: string[] };
  tickets: number;
  messages: number;
  events: number;
}

const TEAMS = [
  { name: 'Technical Support', roundRobin: true },
  { name: 'Billing', roundRobin: false },
  { name: 'Logistics', roundRobin: false },
];
/** Most common first; `team` indexes TEAMS. */
const CATEGORIES = [
  { name: 'Technical issue', description: 'Something does not work', team: 0, orderNumbers: false },
  { name: 'Billing', description: 'Invoices, payments and refunds', team: 1, orderNumbers: false },
  { name: 'Account access', description: 'Sign-in, passwords and permissions', team: 0, orderNumbers: false },
  { name: 'Shipping', description: 'Deliveries and tracking', team: 2, orderNumbers: true },
  { name: 'Returns', description: 'Returns and replacements', team: 2, orderNumbers: false },
];

/** From this many tickets on, secondary indexes are built after the load rather than during it. */
const DEFER_INDEXES_FROM = 20_000;
/** The tables a bulk load fills. */
const BULK_TABLES = ['tickets', 'ticket_tags', 'messages', 'ticket_events', 'ticket_search'];

function writeBatch(em: EntityManager, batch: TicketBatch): Promise<void> {
  return em.transactional(async (tx) => {
    if (process.env.SESS) await kyselyOf(tx).executeQuery(CompiledQuery.raw(process.env.SESS)); // EXPERIMENT
    await insertRows(tx, 'tickets', batch.tickets);
    await insertRows(tx, 'ticket_tags', batch.ticketTags);
    await insertRows(tx, 'messages', batch.messages);
    await insertRows(tx, 'ticket_events', batch.events);
    await insertRows(tx, 'ticket_search', batch.documents);
  });
}

/**
 * A realistic desk: organizations, an admin, agents in teams, customers, categories, tags, custom
 * fields, and tickets with conversations (replies and internal notes), timelines and search
 * documents, spread over the past months. Reference data is found or created by its unique name,
 * so running it again adds tickets without duplicating accounts. Tickets are written with
 * multi-row inserts, one transaction per batch, so a million take minutes rather than hours.
 */
export async function seedDemoDesk(em: EntityManager, options: DemoDeskOptions): Promise<DemoDesk> {
  const random = seededRandom(options.seed ?? 42);
  const ids = new BulkIds();
  const dialect = dialectOf(em);
  const batchSize = options.batchSize ?? 1_000;
  const agentCount = options.agents ?? 4;
  const customerCount = options.customers ?? Math.max(10, Math.min(50_000, Math.ceil(options.tickets / 20)));
  const report = options.onProgress ?? (() => {});
  const end = Date.now() - 1_000;
  const start = end - (options.days ?? 180) * 86_400_000;
  // Accounts and configuration predate the oldest ticket.
  const setUpAt = toDbDate(dialect, new Date(start - 86_400_000));
  const ensure = (phase: string, table: string, key: string, rows: (Row & { id: string })[]) => {
    report(phase, 0, rows.length);
    return ensureRows(em, table, key, rows, (done) => report(phase, done, rows.length));
  };

  // A third of the customers belong to organizations of about eight; the first shares tickets.
  const organizationCount = Math.max(1, Math.ceil(customerCount / 24));
  const organizationNames = Array.from({ length: organizationCount }, (_, i) => organizationName(i));
  const organizationIds = await ensure(
    'organizations',
    'organizations',
    'name',
    organizationNames.map((name, i) => ({
      id: ids.id(start),
      name,
      shared_tickets: i === 0,
      created_at: setUpAt,
    })),
  );
  const organizationOf = (i: number) => (i % 3 === 0 ? Math.floor(i / 3) % organizationCount : null);

  const wantedUsers = [
    { email: 'admin@example.com', name: 'Ada Admin', role: 'admin', organization: null },
    ...Array.from({ length: agentCount }, (_, i) => ({
      email: `agent${i + 1}@example.com`,
      name: personName(random),
      role: 'agent',
      organization: null,
    })),
    ...Array.from({ length: customerCount }, (_, i) => ({
      email: `customer${i + 1}@example.com`,
      name: personName(random),
      role: 'customer',
      organization: organizationOf(i),
    })),
  ];
  const userIds = await ensure(
    'users',
    'users',
    'email',
    wantedUsers.map(({ organization, ...user }) => ({
      id: ids.id(start),
      ...user,
      organization_id: organization === null ? null : organizationIds[organization],
      password_hash: options.passwordHash,
      active: true,
      created_at: setUpAt,
      updated_at: setUpAt,
    })),
  );
  const users = wantedUsers.map((user, i) => ({
    id: userIds[i] as string,
    email: user.email,
    name: user.name,
  }));
  const admin = users[0] as DemoUser;
  const agents = users.slice(1, 1 + agentCount);
  const customers = users.slice(1 + agentCount);

  const teamIds = await ensure(
    'teams',
    'teams',
    'name',
    TEAMS.map((team) => ({
      id: ids.id(start),
      name: team.name,
      round_robin: team.roundRobin,
      created_at: setUpAt,
    })),
  );
  const teams: SeedTeam[] = TEAMS.map((team, t) => ({
    ...team,
    id: teamIds[t] as string,
    members: agents.filter((_, a) => a % TEAMS.length === t),
    turn: 0,
    lastAssignedAt: new Map(),
  }));
  await em.transactional(async (tx) => {
    const existing = await kyselyOf(tx)
      .selectFrom('team_members')
      .select(['team_id', 'user_id'])
      .where('team_id', 'in', teamIds)
      .execute();
    const known = new Set(existing.map((row) => `${row.team_id} ${row.user_id}`));
    const missing = teams.flatMap((team) =>
      team.members
        .filter((member) => !known.has(`${team.id} ${member.id}`))
        .map((member) => ({ team_id: team.id, user_id: member.id, last_assigned_at: null })),
    );
    await insertRows(tx, 'team_members', missing);
  });

  const categoryIds = await ensure(
    'categories',
    'categories',
    'name',
    CATEGORIES.map(({ name, description }) => ({
      id: ids.id(start),
      name,
      description,
      active: true,
      created_at: setUpAt,
    })),
  );
  const categories: SeedCategory[] = CATEGORIES.map((category, c) => ({
    id: categoryIds[c] as string,
    name: category.name,
    team: teams[category.team] as SeedTeam,
    orderNumbers: category.orderNumbers,
  }));
  const field = (key: string, label: string, type: string, options: string[], position: number) => ({
    id: ids.id(start),
    key,
    label,
    type,
    required: false,
    options: JSON.stringify(options),
    category_id: null as string | null,
    active: true,
    position,
    created_at: setUpAt,
  });
  await ensure('custom fields', 'custom_fields', 'key', [
    field('plan', 'Plan', 'select', PLANS, 0),
    {
      ...field('order_number', 'Order number', 'text', [], 1),
      category_id: categories.find((category) => category.orderNumbers)?.id ?? null,
    },
  ]);
  const tagIds = await ensure(
    'tags',
    'tags',
    'name',
    TAG_NAMES.map((name) => ({ id: ids.id(start), name, created_at: setUpAt })),
  );

  const desk: DeskShape = {
    dialect,
    start,
    end,
    tickets: options.tickets,
    customers,
    agents,
    categories,
    tags: tagIds.map((id) => ({ id })),
  };
  let tickets = 0;
  let messages = 0;
  let events = 0;
  const restoreSession = await prepareBulkSession(em);
  const rebuildIndexes =
    (options.deferIndexes ?? options.tickets >= DEFER_INDEXES_FROM)
      ? await deferSecondaryIndexes(em, BULK_TABLES)
      : null;
  // The next batch is generated while the database writes the previous one (MySQL works in its
  // own process; with SQLite, on one thread, the two simply take turns).
  let writing: Promise<void> = Promise.resolve();
  try {
    report('tickets', 0, options.tickets);
    while (tickets < options.tickets && !options.signal?.aborted) {
      const size = Math.min(batchSize, options.tickets - tickets);
      const batch = new TicketBatch();
      for (let i = 0; i < size; i++) {
        addTicket(batch, desk, random, ids, tickets + i);
        if (i % 100 === 99) await new Promise(setImmediate);
      }
      await writing;
      const written = tickets + size;
      writing = writeBatch(em, batch).then(() => report('tickets', written, options.tickets));
      // Awaited at the next turn of the loop; until then a failure must not count as unhandled.
      writing.catch(() => {});
      messages += batch.messages.length;
      events += batch.events.length;
      tickets = written;
    }
    await writing;
  } finally {
    await writing.catch(() => {});
    await rebuildIndexes?.((done, total) => report('indexes', done, total));
    await restoreSession();
  }

  // Round-robin continues after the last member the demo desk dealt a ticket to.
  await em.transactional(async (tx) => {
    for (const team of teams)
      for (const [userId, at] of team.lastAssignedAt)
        await kyselyOf(tx)
          .updateTable('team_members')
          .set({ last_assigned_at: toDbDate(dialect, new Date(at)) })
          .where('team_id', '=', team.id)
          .where('user_id', '=', userId)
          .execute();
  });

  const sharedMembers = customers.filter((_, i) => organizationOf(i) === 0).slice(0, 3);
  return {
    admin,
    agents,
    customers,
    organizations: organizationCount,
    sharedOrganization: {
      name: organizationNames[0] as string,
      members: sharedMembers.map((customer) => customer.email),
    },
    tickets,
    messages,
    events,
  };
}
