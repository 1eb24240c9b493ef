import { priorityRank, type TicketPriority, type TicketStatus } from '@helpdesk/validators';
import type { Insertable } from 'kysely';
import { newId, randomBase32 } from '../ids.ts';
import type { EntityManager } from '../orm.ts';
import { dialectOf, toDbDate } from '../repositories/dialect.ts';
import { type HelpdeskDB, kyselyOf } from '../repositories/kysely.ts';
import { paragraph, personName, pick, seededRandom, subjectLine } from './text.ts';

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
  batchSize?: number;
  onProgress?: (phase: string, done: number, total: number) => void;
}

export interface DemoDesk {
  admin: DemoUser;
  agents: DemoUser[];
  customers: DemoUser[];
  tickets: number;
  messages: number;
}

export interface DemoUser {
  id: string;
  email: string;
  name: string;
}

type Role = 'customer' | 'agent' | 'admin';
const STATUS_WEIGHTS: [TicketStatus, number][] = [
  ['new', 0.15],
  ['open', 0.25],
  ['pending', 0.15],
  ['on_hold', 0.05],
  ['solved', 0.2],
  ['closed', 0.2],
];
const PRIORITIES: TicketPriority[] = ['low', 'normal', 'normal', 'normal', 'high', 'urgent'];

function weighted(random: () => number): TicketStatus {
  let roll = random();
  for (const [status, weight] of STATUS_WEIGHTS) {
    roll -= weight;
    if (roll <= 0) return status;
  }
  return 'open';
}

async function ensureUsers(
  em: EntityManager,
  wanted: { email: string; name: string; role: Role }[],
  passwordHash: string,
  batchSize: number,
): Promise<DemoUser[]> {
  const db = kyselyOf(em);
  const dialect = dialectOf(em);
  const existing = new Map<string, DemoUser>();
  for (let i = 0; i < wanted.length; i += batchSize) {
    const emails = wanted.slice(i, i + batchSize).map((user) => user.email);
    const rows = await db
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('email', 'in', emails)
      .execute();
    for (const row of rows) existing.set(row.email, row);
  }
  const now = toDbDate(dialect, new Date());
  const missing = wanted
    .filter((user) => !existing.has(user.email))
    .map((user) => ({
      id: newId(),
      ...user,
      password_hash: passwordHash,
      active: true,
      created_at: now,
      updated_at: now,
    }));
  for (let i = 0; i < missing.length; i += batchSize) {
    await db
      .insertInto('users')
      .values(missing.slice(i, i + batchSize))
      .execute();
  }
  for (const user of missing) existing.set(user.email, { id: user.id, email: user.email, name: user.name });
  return wanted.map((user) => existing.get(user.email) as DemoUser);
}

/**
 * A realistic desk: an admin, agents, customers and tickets with conversations (replies and
 * internal notes), spread over the past months, written with multi-row inserts in batches of one
 * transaction each, so a million tickets take minutes rather than hours.
 */
export async function seedDemoDesk(em: EntityManager, options: DemoDeskOptions): Promise<DemoDesk> {
  const random = seededRandom(options.seed ?? 42);
  const batchSize = options.batchSize ?? 500;
  const dialect = dialectOf(em);
  const agentCount = options.agents ?? 4;
  const customerCount = options.customers ?? Math.max(10, Math.min(50_000, Math.ceil(options.tickets / 20)));
  const report = options.onProgress ?? (() => {});

  report('users', 0, 1 + agentCount + customerCount);
  const [admin] = await ensureUsers(
    em,
    [{ email: 'admin@example.com', name: 'Ada Admin', role: 'admin' }],
    options.passwordHash,
    batchSize,
  );
  const agents = await ensureUsers(
    em,
    Array.from({ length: agentCount }, (_, i) => ({
      email: `agent${i + 1}@example.com`,
      name: personName(random),
      role: 'agent' as const,
    })),
    options.passwordHash,
    batchSize,
  );
  const customers = await ensureUsers(
    em,
    Array.from({ length: customerCount }, (_, i) => ({
      email: `customer${i + 1}@example.com`,
      name: personName(random),
      role: 'customer' as const,
    })),
    options.passwordHash,
    batchSize,
  );
  report('users', 1 + agentCount + customerCount, 1 + agentCount + customerCount);

  const span = (options.days ?? 180) * 86_400_000;
  const start = Date.now() - span;
  let messageCount = 0;
  for (let done = 0; done < options.tickets; ) {
    const size = Math.min(batchSize, options.tickets - done);
    const tickets: Insertable<HelpdeskDB['tickets']>[] = [];
    const messages: Insertable<HelpdeskDB['messages']>[] = [];
    const documents: Insertable<HelpdeskDB['ticket_search']>[] = [];
    for (let i = 0; i < size; i++) {
      const index = done + i;
      const createdAt = start + Math.floor(((index + random()) / options.tickets) * span * 0.98);
      const status = weighted(random);
      const requester = pick(random, customers);
      const assignee = status === 'new' || random() < 0.15 ? null : pick(random, agents);
      const ticketId = newId(createdAt);
      const subject = subjectLine(random);
      const replies =
        status === 'new' ? 0 : random() < 0.1 ? 15 + Math.floor(random() * 10) : Math.floor(random() * 6);
      let at = createdAt;
      let firstResponseAt: number | null = null;
      let customerUpdatedAt = createdAt;
      const publicText = [subject];
      const internalText: string[] = [];
      for (let m = 0; m <= replies; m++) {
        const fromAgent = m % 2 === 1;
        const internal = fromAgent && random() < 0.2;
        const author = fromAgent ? (assignee ?? pick(random, agents)) : requester;
        const body = paragraph(random);
        at += Math.floor(60_000 + random() * 6 * 3_600_000);
        at = Math.min(at, Date.now() - 1000);
        if (fromAgent && !internal) firstResponseAt ??= at;
        if (!internal) customerUpdatedAt = at;
        (internal ? internalText : publicText).push(body);
        messages.push({
          id: newId(m === 0 ? createdAt : at),
          ticket_id: ticketId,
          author_id: author.id,
          body,
          internal,
          created_at: toDbDate(dialect, new Date(m === 0 ? createdAt : at)),
        });
      }
      const solvedAt = status === 'solved' || status === 'closed' ? at : null;
      const priority = pick(random, PRIORITIES);
      tickets.push({
        id: ticketId,
        reference: randomBase32(10),
        subject,
        status,
        priority,
        priority_rank: priorityRank[priority],
        channel: random() < 0.8 ? 'portal' : 'web_form',
        custom_fields: '{}' as unknown as Record<string, unknown>,
        requester_id: requester.id,
        assignee_id: assignee?.id ?? null,
        created_at: toDbDate(dialect, new Date(createdAt)),
        updated_at: toDbDate(dialect, new Date(at)),
        customer_updated_at: toDbDate(dialect, new Date(customerUpdatedAt)),
        first_response_at: firstResponseAt ? toDbDate(dialect, new Date(firstResponseAt)) : null,
        solved_at: solvedAt ? toDbDate(dialect, new Date(solvedAt)) : null,
        closed_at:
          status === 'closed' && solvedAt ? toDbDate(dialect, new Date(solvedAt + 86_400_000)) : null,
        version: 1,
      });
      documents.push({
        ticket_id: ticketId,
        public_text: publicText.join('\n'),
        internal_text: internalText.join('\n'),
      });
    }
    await em.transactional(async (tx) => {
      const db = kyselyOf(tx);
      await db.insertInto('tickets').values(tickets).execute();
      for (let i = 0; i < messages.length; i += batchSize * 2) {
        await db
          .insertInto('messages')
          .values(messages.slice(i, i + batchSize * 2))
          .execute();
      }
      await db.insertInto('ticket_search').values(documents).execute();
    });
    messageCount += messages.length;
    done += size;
    report('tickets', done, options.tickets);
  }
  return { admin: admin as DemoUser, agents, customers, tickets: options.tickets, messages: messageCount };
}
