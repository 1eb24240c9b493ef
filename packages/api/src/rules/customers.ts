import { applyTicketFilter, dialectOf, type EntityManager, kyselyOf, raw, User } from '@helpdesk/db';
import { idSchema, type ListCustomersQuery, type TicketStatus, ticketStatuses } from '@helpdesk/validators';
import { z } from 'zod';
import type { Actor } from '../context.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import {
  type CustomerProfile,
  type CustomerSummary,
  toCustomerProfile,
  toCustomerSummary,
} from '../mappers/directory.ts';
import { listTickets, resolveFilter } from './tickets/index.ts';

export interface CustomerPage {
  items: CustomerSummary[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const RECENT_TICKETS = 20;

/**
 * The customers' cursor carries the last row's (name, id), as base64url JSON: the next page starts
 * right after it even if people were added or renamed in between. Names are up to 120 characters
 * in the database, so up to 240 UTF-16 code units here.
 */
const customerCursor = z.tuple([z.string().max(240), idSchema]);

function encodeCursor(user: User): string {
  return Buffer.from(JSON.stringify([user.name, user.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {}
  const result = customerCursor.safeParse(parsed);
  if (!result.success)
    throw new InvalidInputError('cursor', 'Invalid cursor: pass back the nextCursor of the previous page');
  return result.data;
}

/**
 * `text%` with LIKE's wildcards in `text` escaped, so a search for `a_b` finds `a_b…` only. `!` is
 * the escape character: a backslash means different things in MySQL and SQLite string literals.
 */
function likePrefix(text: string): string {
  return `${text.replace(/[!%_]/g, (char) => `!${char}`)}%`;
}

/**
 * Customers whose name or email address starts with `search`, case-insensitively (MySQL's
 * collation; SQLite's LIKE for ASCII letters): a LIKE on an escaped prefix, not an indexed range.
 * The email prefix alone could use the unique email index on MySQL, but the name has no index, so
 * the database filters the customers (role index) and sorts the matches by (name, id).
 */
/** People whose name or address starts with `search` (wildcards taken literally). */
export function nameOrEmailStartsWith(search: string) {
  return {
    $or: [
      { [raw((alias: string) => `${alias}.name like ? escape '!'`, [likePrefix(search)])]: [] },
      // Addresses are stored lower-cased.
      {
        [raw((alias: string) => `${alias}.email like ? escape '!'`, [likePrefix(search.toLowerCase())])]: [],
      },
    ],
  };
}

/** How many tickets each of these people asked for: one GROUP BY query for the whole page. */
async function ticketCounts(
  em: EntityManager,
  requesterIds: readonly string[],
): Promise<Map<string, number>> {
  if (!requesterIds.length) return new Map();
  const rows = await kyselyOf(em)
    .selectFrom('tickets')
    .select((eb) => ['tickets.requester_id', eb.fn.countAll<number | string>().as('tickets')])
    .where('tickets.requester_id', 'in', [...requesterIds])
    .groupBy('tickets.requester_id')
    .execute();
  return new Map(rows.map((row) => [row.requester_id, Number(row.tickets)]));
}

/**
 * One page of customers by (name, id), keyset-paginated, each with their organization and number
 * of tickets: two queries per page, whatever its size.
 */
export async function listCustomers(em: EntityManager, query: ListCustomersQuery): Promise<CustomerPage> {
  const conditions: object[] = [{ role: 'customer' }];
  if (query.search) conditions.push(nameOrEmailStartsWith(query.search));
  if (query.organizationId) conditions.push({ organization: query.organizationId });
  if (query.cursor) {
    const [name, id] = decodeCursor(query.cursor);
    conditions.push({ $or: [{ name: { $gt: name } }, { name, id: { $gt: id } }] });
  }
  const rows = await em.find(User, { $and: conditions } as never, {
    populate: ['organization'],
    orderBy: { name: 'asc', id: 'asc' },
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const counts = await ticketCounts(
    em,
    page.map((user) => user.id),
  );
  const last = page.at(-1);
  return {
    items: page.map((user) => toCustomerSummary(user, counts.get(user.id) ?? 0)),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

/** How many of the requester's tickets are in each status, zeros included: one GROUP BY query. */
async function countsByStatus(em: EntityManager, actor: Actor, requesterId: string) {
  const counts = Object.fromEntries(ticketStatuses.map((status) => [status, 0])) as Record<
    TicketStatus,
    number
  >;
  const filter = await resolveFilter(em, actor, { requesterId });
  if (!filter) return counts;
  const query = kyselyOf(em)
    .selectFrom('tickets')
    .select((eb) => ['tickets.status', eb.fn.countAll<number | string>().as('tickets')])
    .groupBy('tickets.status');
  for (const row of await applyTicketFilter(query, filter, dialectOf(em)).execute())
    counts[row.status as TicketStatus] = Number(row.tickets);
  return counts;
}

/** A customer's profile for agents: organization, tickets by status, and the latest tickets. */
export async function getCustomer(em: EntityManager, actor: Actor, id: string): Promise<CustomerProfile> {
  const customer = await em.findOne(User, { id, role: 'customer' }, { populate: ['organization'] });
  if (!customer) throw new NotFoundError('Customer');
  const recent = await listTickets(em, actor, { requesterId: id, sort: 'updated', limit: RECENT_TICKETS });
  return toCustomerProfile(customer, await countsByStatus(em, actor, id), recent.items);
}
