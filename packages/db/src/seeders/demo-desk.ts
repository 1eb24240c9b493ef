import type { EntityManager } from '../orm.ts';
import { dialectOf, toDbDate } from '../repositories/dialect.ts';
import { kyselyOf } from '../repositories/kysely.ts';
import {
  BulkIds,
  deferSecondaryIndexes,
  ensureRows,
  insertRows,
  prepareBulkSession,
  type Row,
} from './bulk-load.ts';
import { organizationName, personName, seededRandom, TAG_NAMES } from './text.ts';
import {
  addTicket,
  type DemoUser,
  type DeskShape,
  PLANS,
  type SeedCategory,
  type SeedTeam,
  TicketBatch,
} from './ticket-rows.ts';

export type { DemoUser };

/**
 * The generator's edition: raise it whenever the same options would draw a different desk, so
 * anything kept from an earlier seed (the benchmark's databases) is seeded again. 2: long-tailed
 * vocabulary; conversations stay on their ticket's product.
 */
export const DEMO_DESK_VERSION = 2;

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

/** What the set-up steps share: where they write, how they make ids, and when things began. */
interface Setup {
  em: EntityManager;
  ids: BulkIds;
  /** The desk's first day; accounts and configuration are dated the day before. */
  start: number;
  setUpAt: Date;
  report: (phase: string, done: number, total: number) => void;
}

function ensure(setup: Setup, phase: string, table: string, key: string, rows: Row[]): Promise<string[]> {
  const withIds = rows.map((row) => ({ id: setup.ids.id(setup.start), ...row, created_at: setup.setUpAt }));
  setup.report(phase, 0, rows.length);
  return ensureRows(setup.em, table, key, withIds, (done) => setup.report(phase, done, rows.length));
}

/** Organizations, then the admin, agents and customers; a third of the customers in organizations. */
async function setUpPeople(setup: Setup, random: () => number, options: DemoDeskOptions) {
  const agentCount = options.agents ?? 4;
  const customerCount = options.customers ?? Math.max(10, Math.min(50_000, Math.ceil(options.tickets / 20)));
  // Organizations of about eight customers; the first lets its members see each other's tickets.
  const organizationCount = Math.max(1, Math.ceil(customerCount / 24));
  const organizationNames = Array.from({ length: organizationCount }, (_, i) => organizationName(i));
  const organizationIds = await ensure(
    setup,
    'organizations',
    'organizations',
    'name',
    organizationNames.map((name, i) => ({ name, shared_tickets: i === 0 })),
  );
  const organizationOf = (i: number) => (i % 3 === 0 ? Math.floor(i / 3) % organizationCount : null);
  const wanted = [
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
    setup,
    'users',
    'users',
    'email',
    wanted.map(({ organization, ...user }) => ({
      ...user,
      organization_id: organization === null ? null : organizationIds[organization],
      password_hash: options.passwordHash,
      active: true,
      updated_at: setup.setUpAt,
    })),
  );
  const users = wanted.map((user, i) => ({ id: userIds[i] as string, email: user.email, name: user.name }));
  const customers = users.slice(1 + agentCount);
  return {
    admin: users[0] as DemoUser,
    agents: users.slice(1, 1 + agentCount),
    customers,
    organizations: organizationCount,
    sharedOrganization: {
      name: organizationNames[0] as string,
      members: customers
        .filter((_, i) => organizationOf(i) === 0)
        .slice(0, 3)
        .map((customer) => customer.email),
    },
  };
}

/** Teams (agents spread over them), categories, custom fields and tags. */
async function setUpConfiguration(setup: Setup, agents: DemoUser[]) {
  const teamIds = await ensure(
    setup,
    'teams',
    'teams',
    'name',
    TEAMS.map((team) => ({ name: team.name, round_robin: team.roundRobin })),
  );
  const teams: SeedTeam[] = TEAMS.map((team, t) => ({
    ...team,
    id: teamIds[t] as string,
    members: agents.filter((_, a) => a % TEAMS.length === t),
    turn: 0,
    lastAssignedAt: new Map(),
  }));
  await setup.em.transactional(async (tx) => {
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
    setup,
    'categories',
    'categories',
    'name',
    CATEGORIES.map(({ name, description }) => ({ name, description, active: true })),
  );
  const categories: SeedCategory[] = CATEGORIES.map((category, c) => ({
    id: categoryIds[c] as string,
    name: category.name,
    team: teams[category.team] as SeedTeam,
    orderNumbers: category.orderNumbers,
  }));
  const field = (key: string, label: string, type: string, options: string[], categoryId: string | null) => ({
    key,
    label,
    type,
    required: false,
    options: JSON.stringify(options),
    category_id: categoryId,
    active: true,
    position: 0,
  });
  await ensure(setup, 'custom fields', 'custom_fields', 'key', [
    field('plan', 'Plan', 'select', PLANS, null),
    field('order_number', 'Order number', 'text', [], categories.find((c) => c.orderNumbers)?.id ?? null),
  ]);
  const tagIds = await ensure(
    setup,
    'tags',
    'tags',
    'name',
    TAG_NAMES.map((name) => ({ name })),
  );
  return { teams, categories, tags: tagIds.map((id) => ({ id })) };
}

function writeBatch(em: EntityManager, batch: TicketBatch): Promise<void> {
  return em.transactional(async (tx) => {
    await insertRows(tx, 'tickets', batch.tickets);
    await insertRows(tx, 'ticket_tags', batch.ticketTags);
    await insertRows(tx, 'messages', batch.messages);
    await insertRows(tx, 'ticket_events', batch.events);
    await insertRows(tx, 'ticket_search', batch.documents);
  });
}

/** The tickets, batch by batch, each batch one transaction of multi-row inserts. */
async function writeTickets(
  setup: Setup,
  desk: DeskShape,
  random: () => number,
  options: DemoDeskOptions,
): Promise<{ tickets: number; messages: number; events: number }> {
  const { em, report } = setup;
  const batchSize = options.batchSize ?? 1_000;
  const written = { tickets: 0, messages: 0, events: 0 };
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
    while (written.tickets < options.tickets && !options.signal?.aborted) {
      const size = Math.min(batchSize, options.tickets - written.tickets);
      const batch = new TicketBatch();
      for (let i = 0; i < size; i++) {
        addTicket(batch, desk, random, setup.ids, written.tickets + i);
        if (i % 100 === 99) await new Promise(setImmediate);
      }
      await writing;
      const done = written.tickets + size;
      writing = writeBatch(em, batch).then(() => report('tickets', done, options.tickets));
      // Awaited at the next turn of the loop; until then a failure must not count as unhandled.
      writing.catch(() => {});
      written.tickets = done;
      written.messages += batch.messages.length;
      written.events += batch.events.length;
    }
    await writing;
  } finally {
    await writing.catch(() => {});
    await rebuildIndexes?.((done, total) => report('indexes', done, total));
    await restoreSession();
  }
  return written;
}

/**
 * A realistic desk: organizations, an admin, agents in teams, customers, categories, tags, custom
 * fields, and tickets with conversations (replies and internal notes), timelines and search
 * documents, spread over the past months. Accounts and configuration are found or created by
 * their unique names, so running it again adds tickets without duplicating them. Tickets are
 * written with multi-row inserts, one transaction per batch, so a million take minutes.
 */
export async function seedDemoDesk(em: EntityManager, options: DemoDeskOptions): Promise<DemoDesk> {
  const random = seededRandom(options.seed ?? 42);
  const dialect = dialectOf(em);
  const end = Date.now() - 1_000;
  const start = end - (options.days ?? 180) * 86_400_000;
  const setup: Setup = {
    em,
    ids: new BulkIds(),
    start,
    setUpAt: toDbDate(dialect, new Date(start - 86_400_000)),
    report: options.onProgress ?? (() => {}),
  };
  const people = await setUpPeople(setup, random, options);
  const { teams, categories, tags } = await setUpConfiguration(setup, people.agents);
  const desk: DeskShape = { ...people, dialect, start, end, tickets: options.tickets, categories, tags };
  const written = await writeTickets(setup, desk, random, options);

  // Round-robin goes on from the last member the demo desk dealt a ticket to.
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
  return { ...people, ...written };
}
