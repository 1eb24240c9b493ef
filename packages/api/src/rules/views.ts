import { countTickets, type EntityManager, SavedView, User } from '@helpdesk/db';
import {
  type CreateSavedViewInput,
  type TicketFilterInput,
  type TicketFilterQuery,
  type TicketStatus,
  ticketFilterSchema,
  type UpdateSavedViewInput,
} from '@helpdesk/validators';
import type { Actor } from '../context.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors.ts';
import {
  type BuiltInView,
  builtInViewHead,
  savedViewHead,
  toViewSummary,
  type ViewCount,
  type ViewHead,
  type ViewSummary,
} from '../mappers/views.ts';
import { resolveFilter } from './tickets/list.ts';

/** Counts stop here: a badge says "999+" rather than have the database count a million rows. */
export const VIEW_COUNT_CAP = 1000;
/** Every view costs one count on each poll of the list, so an agent keeps a bounded number. */
export const MAX_VIEWS_PER_AGENT = 50;

const UNRESOLVED: TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];

/** Every agent has these, before their own; their ids are fixed names, never ULIDs. */
export const BUILT_IN_VIEWS: readonly BuiltInView[] = [
  { id: 'my-open', name: 'My open tickets', filters: { assigneeId: 'me', status: UNRESOLVED } },
  {
    id: 'unassigned-in-my-teams',
    name: 'Unassigned in my teams',
    filters: { assigneeId: 'unassigned', teamId: 'mine', status: UNRESOLVED },
  },
  { id: 'all-unresolved', name: 'All unresolved', filters: { status: UNRESOLVED } },
];

/** The validated filters as JSON: what `tickets.list` takes, dates as ISO strings. */
function toStoredFilters(query: TicketFilterQuery): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
  );
}

async function countMatching(em: EntityManager, actor: Actor, query: TicketFilterQuery): Promise<number> {
  const filter = await resolveFilter(em, actor, query);
  return filter ? countTickets(em, filter, VIEW_COUNT_CAP) : 0;
}

/**
 * Checks a view's filters again (stored ones may predate a change of the schema) and counts what
 * they match: one bounded count, plus a team or tag lookup when the filter names `mine` or tags.
 */
async function summarize(
  em: EntityManager,
  actor: Actor,
  head: ViewHead,
  filters: TicketFilterInput | Record<string, unknown>,
): Promise<ViewSummary> {
  const parsed = ticketFilterSchema.safeParse(filters);
  if (!parsed.success) return toViewSummary(head, { valid: false, stored: filters }, 0);
  const count = await countMatching(em, actor, parsed.data);
  return toViewSummary(head, { valid: true, input: filters as TicketFilterInput }, count);
}

function visibleTo(actor: Actor) {
  return { $or: [{ owner: actor.id }, { shared: true }] };
}

/** Built-in views, then mine, then the ones others share, each with its live count. */
export async function listViews(em: EntityManager, actor: Actor): Promise<ViewSummary[]> {
  // Queries: one for the saved views and their owners, then per view one count capped at
  // VIEW_COUNT_CAP rows (plus a team or tag lookup for filters naming `mine` or tags). The number
  // of statements grows with the number of views, never with the number of tickets.
  const saved = await em.find(SavedView, visibleTo(actor), {
    populate: ['owner'],
    orderBy: { position: 'asc', name: 'asc', id: 'asc' },
  });
  const mine = saved.filter((view) => view.owner.id === actor.id);
  const others = saved.filter((view) => view.owner.id !== actor.id);
  const views: ViewSummary[] = [];
  // One after another: a request has one connection, and the counts are small.
  for (const view of BUILT_IN_VIEWS)
    views.push(await summarize(em, actor, builtInViewHead(view), view.filters));
  for (const view of [...mine, ...others])
    views.push(await summarize(em, actor, savedViewHead(view), view.filters));
  return views;
}

/** Just the counts, for polling. */
export async function viewCounts(em: EntityManager, actor: Actor): Promise<ViewCount[]> {
  return (await listViews(em, actor)).map((view) => ({ id: view.id, count: view.count }));
}

/** Any agent may share a view; the owner, or an admin for a shared one, may change it. */
async function findChangeable(em: EntityManager, actor: Actor, id: string): Promise<SavedView> {
  const view = await em.findOne(SavedView, { id, ...visibleTo(actor) }, { populate: ['owner'] });
  if (!view) throw new NotFoundError('View');
  if (view.owner.id !== actor.id && !(view.shared && actor.role === 'admin'))
    throw new ForbiddenError('Only its owner or an admin may change this view');
  return view;
}

export async function createView(
  em: EntityManager,
  actor: Actor,
  input: CreateSavedViewInput,
  now = new Date(),
): Promise<ViewSummary> {
  const view = await em.transactional(async (tx) => {
    if ((await tx.count(SavedView, { owner: actor.id })) >= MAX_VIEWS_PER_AGENT)
      throw new ConflictError(`You have ${MAX_VIEWS_PER_AGENT} views already; delete one first`);
    const created = tx.create(SavedView, {
      name: input.name,
      owner: await tx.findOneOrFail(User, actor.id),
      shared: input.shared ?? false,
      filters: toStoredFilters(input.filters),
      createdAt: now,
      updatedAt: now,
    });
    await tx.flush();
    return created;
  });
  return summarize(em, actor, savedViewHead(view), view.filters);
}

export async function updateView(
  em: EntityManager,
  actor: Actor,
  input: UpdateSavedViewInput,
  now = new Date(),
): Promise<ViewSummary> {
  const view = await em.transactional(async (tx) => {
    const found = await findChangeable(tx, actor, input.id);
    if (input.name !== undefined) found.name = input.name;
    if (input.filters !== undefined) found.filters = toStoredFilters(input.filters);
    if (input.shared !== undefined) found.shared = input.shared;
    found.updatedAt = now;
    await tx.flush();
    return found;
  });
  return summarize(em, actor, savedViewHead(view), view.filters);
}

export async function deleteView(em: EntityManager, actor: Actor, id: string): Promise<{ id: string }> {
  return em.transactional(async (tx) => {
    tx.remove(await findChangeable(tx, actor, id));
    await tx.flush();
    return { id };
  });
}
