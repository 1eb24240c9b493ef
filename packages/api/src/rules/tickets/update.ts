import {
  appendToSearchDocument,
  type EntityManager,
  lockTicketFields,
  rowWriteLock,
  Ticket,
  type User,
} from '@helpdesk/db';
import type {
  BulkUpdateTicketsInput,
  TicketPriority,
  TicketStatus,
  UpdateTicketInput,
} from '@helpdesk/validators';
import type { Actor } from '../../context.ts';
import { ConflictError, NotFoundError } from '../../errors.ts';
import type { TicketSummary } from '../../mappers/tickets.ts';
import { customerScope } from '../access.ts';
import { resolveCustomFields } from '../custom-fields.ts';
import { recordFieldChange } from '../events.ts';
import { changeTicketFields, namesOnlyOwnFields } from './field-changes.ts';
import { changeFields, touch } from './fields.ts';
import { nextRoundRobinAgent } from './round-robin.ts';
import {
  assertNotClosed,
  findAgent,
  lockVisibleTicket,
  readSummaries,
  setAssignee,
  setCategory,
  setTags,
  setTeam,
  type TicketRelation,
  timelineOf,
} from './shared.ts';

/** Everything an agent can change on a ticket in one step (`undefined` leaves a field alone). */
export interface TicketChanges {
  subject?: string;
  status?: TicketStatus;
  priority?: TicketPriority;
  /** An agent's id, or null to unassign. */
  assigneeId?: string | null;
  teamId?: string | null;
  categoryId?: string | null;
  dueAt?: Date | null;
  tags?: readonly string[];
  addTags?: readonly string[];
  removeTags?: readonly string[];
  customFields?: Record<string, unknown>;
}

/**
 * The relations `applyChanges` reads for these changes: the timeline names the assignee, team
 * and category a change replaces, and tags are changed as a set. Status, priority, subject, due
 * date and custom fields read none.
 */
export function relationsRead(changes: TicketChanges): TicketRelation[] {
  const relations: TicketRelation[] = [];
  if (changes.assigneeId !== undefined) relations.push('assignee');
  if (changes.teamId !== undefined) relations.push('team');
  if (changes.categoryId !== undefined) relations.push('category');
  if (changes.tags !== undefined || changes.addTags !== undefined || changes.removeTags !== undefined)
    relations.push('tags');
  return relations;
}

/**
 * Applies changes to a locked ticket (with the `relationsRead` of them loaded), recording each on
 * the timeline. Answers whether anything changed. A ticket moved to a round-robin team without an
 * assignee gets the member whose turn it is.
 */
export async function applyChanges(
  tx: EntityManager,
  ticket: Ticket,
  actor: Actor,
  changes: TicketChanges,
  now: Date,
  agents: Map<string, User> = new Map(),
): Promise<boolean> {
  let { publicChange, internalChange, subjectChanged } = changeFields(
    ticket,
    changes,
    now,
    timelineOf(tx, ticket, actor.id, now),
  );
  if (subjectChanged) await appendToSearchDocument(tx, ticket.id, ticket.subject, false);
  if (
    changes.categoryId !== undefined &&
    (await setCategory(tx, ticket, actor.id, changes.categoryId, now))
  ) {
    publicChange = true;
    ticket.customFields = await resolveCustomFields(tx, changes.categoryId, ticket.customFields ?? {}, {});
  }
  if (changes.customFields !== undefined) {
    const before = JSON.stringify(ticket.customFields ?? {});
    ticket.customFields = await resolveCustomFields(
      tx,
      ticket.category?.id ?? null,
      ticket.customFields ?? {},
      changes.customFields,
    );
    const after = JSON.stringify(ticket.customFields);
    if (before !== after) {
      recordFieldChange(tx, ticket, actor.id, 'customFields', before, after, now);
      internalChange = true;
    }
  }
  if (changes.teamId !== undefined)
    internalChange = (await setTeam(tx, ticket, actor.id, changes.teamId, now)) || internalChange;
  if (changes.assigneeId !== undefined) {
    const assignee =
      changes.assigneeId === null
        ? null
        : (agents.get(changes.assigneeId) ?? (await findAgent(tx, changes.assigneeId)));
    publicChange = (await setAssignee(tx, ticket, actor.id, assignee, now)) || publicChange;
  } else if (changes.teamId && !ticket.assignee && ticket.team?.roundRobin) {
    const next = await nextRoundRobinAgent(tx, changes.teamId, now);
    if (next) publicChange = (await setAssignee(tx, ticket, actor.id, next, now)) || publicChange;
  }
  if (changes.tags !== undefined || changes.addTags !== undefined || changes.removeTags !== undefined) {
    const removed = new Set(changes.removeTags ?? []);
    const base = changes.tags ?? ticket.tags.getItems().map((tag) => tag.name);
    const names = [...base, ...(changes.addTags ?? [])].filter((name) => !removed.has(name));
    internalChange = (await setTags(tx, ticket, actor.id, names, now)) || internalChange;
  }
  if (publicChange || internalChange) touch(ticket, now, publicChange);
  return publicChange || internalChange;
}

function changesOf(input: UpdateTicketInput): TicketChanges {
  const { id: _id, version: _version, dueAt, ...rest } = input;
  return { ...rest, ...(dueAt !== undefined ? { dueAt: dueAt === null ? null : new Date(dueAt) } : {}) };
}

/** A stale version is CONFLICT with the ticket's current state; a closed ticket is read-only. */
async function assertCurrent(
  tx: EntityManager,
  ticket: { id: string; version: number; status: TicketStatus },
  version: number,
  actor: Actor,
) {
  if (ticket.version !== version) {
    throw new ConflictError(
      `This ticket changed since version ${version}; it is now at version ${ticket.version}`,
      (await readSummaries(tx, [ticket.id], actor))[0],
    );
  }
  assertNotClosed(ticket);
}

/**
 * An agent's change based on the version they saw: a stale version gets CONFLICT with the current
 * state and changes nothing; closed tickets are read-only. A change of the ticket's own fields
 * only (the commonest: status, priority) is written as statements (field-changes.ts).
 */
export async function updateTicket(
  em: EntityManager,
  actor: Actor,
  input: UpdateTicketInput,
  now = new Date(),
): Promise<TicketSummary> {
  return em.transactional(async (tx) => {
    const changes = changesOf(input);
    if (namesOnlyOwnFields(changes)) {
      const [ticket] = await lockTicketFields(tx, [input.id], customerScope(actor));
      if (!ticket) throw new NotFoundError('Ticket');
      await assertCurrent(tx, ticket, input.version, actor);
      await changeTicketFields(tx, [ticket], actor.id, changes, now);
    } else {
      const ticket = await lockVisibleTicket(tx, actor, input.id, relationsRead(changes));
      await assertCurrent(tx, ticket, input.version, actor);
      if (await applyChanges(tx, ticket, actor, changes, now)) await tx.flush();
    }
    return (await readSummaries(tx, [input.id], actor))[0] as TicketSummary;
  });
}

/** "Assign to me", based on the version seen like any update. */
export function takeTicket(
  em: EntityManager,
  actor: Actor,
  input: { id: string; version: number },
  now = new Date(),
) {
  return updateTicket(em, actor, { id: input.id, version: input.version, assigneeId: actor.id }, now);
}

/** Every ticket must exist and be open to change, or the whole bulk change is refused. */
function assertAllChangeable(
  ids: readonly string[],
  tickets: readonly { id: string; status: string; reference: string }[],
) {
  const missing = ids.filter((id) => !tickets.some((ticket) => ticket.id === id));
  if (missing.length) throw new NotFoundError(`Tickets ${missing.join(', ')}`);
  const closed = tickets.filter((ticket) => ticket.status === 'closed');
  if (closed.length) {
    throw new ConflictError(
      `Closed tickets cannot be changed: ${closed.map((ticket) => ticket.reference).join(', ')}`,
    );
  }
}

/**
 * The same change to up to 100 tickets, all or nothing: every ticket must exist and be open to
 * change, or none is touched. Rows are locked in id order, so two bulk actions cannot deadlock,
 * and single updates racing them see the new version and get CONFLICT rather than lose a change.
 */
export async function bulkUpdateTickets(
  em: EntityManager,
  actor: Actor,
  input: BulkUpdateTicketsInput,
  now = new Date(),
): Promise<TicketSummary[]> {
  const ids = [...new Set(input.ids)].sort();
  const { ids: _ids, ...asked } = input;
  const changes = { ...asked, assigneeId: asked.assigneeId === 'me' ? actor.id : asked.assigneeId };
  return em.transactional(async (tx) => {
    if (namesOnlyOwnFields(changes)) {
      const tickets = await lockTicketFields(tx, ids);
      assertAllChangeable(ids, tickets);
      await changeTicketFields(tx, tickets, actor.id, changes, now);
    } else {
      const tickets = await tx.find(
        Ticket,
        { id: { $in: ids } },
        { ...rowWriteLock(tx), orderBy: { id: 'asc' } },
      );
      assertAllChangeable(ids, tickets);
      const relations = relationsRead(changes);
      if (relations.length) await tx.populate(tickets, relations);
      const agents = new Map<string, User>();
      if (changes.assigneeId) agents.set(changes.assigneeId, await findAgent(tx, changes.assigneeId));
      for (const ticket of tickets) await applyChanges(tx, ticket, actor, changes, now, agents);
      await tx.flush();
    }
    return readSummaries(tx, ids, actor);
  });
}
