import {
  Category,
  type EntityManager,
  rowWriteLock,
  Tag,
  Team,
  type Ticket,
  Ticket as TicketEntity,
  type TicketListRow,
  ticketRowsByIds,
  User,
} from '@helpdesk/db';
import type { TicketStatus } from '@helpdesk/validators';
import type { Actor } from '../../context.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.ts';
import { rowToSummary, type TicketSummary } from '../../mappers/tickets.ts';
import { isStaff } from '../../trpc.ts';
import { activitySeenBy, visibleTicket } from '../access.ts';
import { recordFieldChange } from '../events.ts';
import { notify } from '../notifications.ts';
import { mailAboutAssignment } from '../ticket-mail.ts';
import { changeStatus, type RecordChange } from './fields.ts';

/** What a change to a ticket may read besides its row: names for the timeline, tags, output. */
export const TICKET_RELATIONS = ['requester', 'assignee', 'team', 'category', 'tags'] as const;
export type TicketRelation = (typeof TICKET_RELATIONS)[number];

/**
 * Loads a ticket the actor may see, locked for the rest of the transaction (MySQL), then the
 * relations asked for (without locking them; all of them unless the caller knows it reads fewer).
 */
export async function lockVisibleTicket(
  tx: EntityManager,
  actor: Actor,
  id: string,
  relations: readonly TicketRelation[] = TICKET_RELATIONS,
): Promise<Ticket> {
  const ticket = await tx.findOne(TicketEntity, visibleTicket(actor, id), rowWriteLock(tx));
  if (!ticket) throw new NotFoundError('Ticket');
  if (relations.length) await tx.populate(ticket, relations);
  return ticket;
}

/**
 * These tickets' summaries as the actor's list shows them, read back after a change (its flush)
 * in the order of `ids`: two statements for any number of tickets, where summarising entities
 * needs every relation of every one loaded (a status change spent a quarter of its time on that).
 */
export async function readSummaries(
  tx: EntityManager,
  ids: readonly string[],
  actor: Actor,
): Promise<TicketSummary[]> {
  const rows = await ticketRowsByIds(tx, ids, activitySeenBy(actor), isStaff(actor));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => rowToSummary(byId.get(id) as TicketListRow, actor));
}

export function assertNotClosed(ticket: { status: TicketStatus }) {
  if (ticket.status === 'closed')
    throw new ConflictError('This ticket is closed and can no longer be changed');
}

/** Records a change of one of this ticket's fields on its timeline, in the unit of work. */
export function timelineOf(
  tx: EntityManager,
  ticket: Ticket,
  actorId: string | null,
  now: Date,
): RecordChange {
  return (field, from, to) => recordFieldChange(tx, ticket, actorId, field, from, to, now);
}

export function setStatus(
  tx: EntityManager,
  ticket: Ticket,
  actorId: string | null,
  status: TicketStatus,
  now: Date,
) {
  return changeStatus(ticket, status, now, timelineOf(tx, ticket, actorId, now));
}

/** An active agent or admin, or BAD_REQUEST naming the field. */
export async function findAgent(tx: EntityManager, id: string, field = 'assigneeId'): Promise<User> {
  const agent = await tx.findOne(User, { id, role: { $in: ['agent', 'admin'] }, active: true });
  if (!agent) throw new InvalidInputError(field, 'No active agent has this id');
  return agent;
}

export async function setAssignee(
  tx: EntityManager,
  ticket: Ticket,
  actorId: string | null,
  assignee: User | null,
  now: Date,
) {
  if ((assignee?.id ?? null) === (ticket.assignee?.id ?? null)) return false;
  // Names, not ids: the timeline reads "Agnes -> Bob" without a lookup, even after renames.
  recordFieldChange(
    tx,
    ticket,
    actorId,
    'assignee',
    ticket.assignee?.name ?? null,
    assignee?.name ?? null,
    now,
  );
  ticket.assignee = assignee;
  if (assignee) notify(tx, { userId: assignee.id, kind: 'assigned', ticket, actorId, at: now });
  await mailAboutAssignment(tx, ticket, assignee, actorId, now);
  return true;
}

export async function setTeam(
  tx: EntityManager,
  ticket: Ticket,
  actorId: string | null,
  teamId: string | null,
  now: Date,
) {
  const current = ticket.team?.id ?? null;
  if (teamId === current) return false;
  const team = teamId ? await tx.findOne(Team, teamId) : null;
  if (teamId && !team) throw new InvalidInputError('teamId', 'No team has this id');
  recordFieldChange(tx, ticket, actorId, 'team', ticket.team?.name ?? null, team?.name ?? null, now);
  ticket.team = team;
  return true;
}

/** The active category with this id (none for null), or BAD_REQUEST on `categoryId`. */
export async function findActiveCategory(
  tx: EntityManager,
  categoryId: string | null,
): Promise<Category | null> {
  const category = categoryId ? await tx.findOne(Category, { id: categoryId, active: true }) : null;
  if (categoryId && !category) throw new InvalidInputError('categoryId', 'No active category has this id');
  return category;
}

export async function setCategory(
  tx: EntityManager,
  ticket: Ticket,
  actorId: string | null,
  categoryId: string | null,
  now: Date,
) {
  const current = ticket.category?.id ?? null;
  if (categoryId === current) return false;
  const category = await findActiveCategory(tx, categoryId);
  recordFieldChange(
    tx,
    ticket,
    actorId,
    'category',
    ticket.category?.name ?? null,
    category?.name ?? null,
    now,
  );
  ticket.category = category;
  return true;
}

/** The tags with these names, created when missing (names are already normalised by the schema). */
export async function findOrCreateTags(tx: EntityManager, names: readonly string[]): Promise<Tag[]> {
  const unique = [...new Set(names)];
  if (!unique.length) return [];
  const existing = await tx.find(Tag, { name: { $in: unique } });
  const byName = new Map(existing.map((tag) => [tag.name, tag]));
  for (const name of unique) if (!byName.has(name)) byName.set(name, tx.create(Tag, { name }));
  return unique.map((name) => byName.get(name) as Tag);
}

/** Replaces a ticket's tags (needs `tags` loaded), recording what was added and removed. */
export async function setTags(
  tx: EntityManager,
  ticket: Ticket,
  actorId: string | null,
  names: readonly string[],
  now: Date,
) {
  const before = ticket.tags
    .getItems()
    .map((tag) => tag.name)
    .sort();
  const after = [...new Set(names)].sort();
  if (before.join(',') === after.join(',')) return false;
  const tags = await findOrCreateTags(tx, after);
  ticket.tags.set(tags);
  recordFieldChange(tx, ticket, actorId, 'tags', before.join(', ') || null, after.join(', ') || null, now);
  return true;
}
