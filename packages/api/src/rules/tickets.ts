import {
  appendToSearchDocument,
  type EntityManager,
  listTicketRows,
  Message,
  rowWriteLock,
  searchTicketRows,
  Ticket,
  TicketSearch,
  User,
} from '@helpdesk/db';
import type {
  CreateTicketInput,
  ListTicketsQuery,
  ReplyToTicketInput,
  TicketStatus,
  UpdateTicketInput,
} from '@helpdesk/validators';
import type { Actor } from '../context.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../errors.ts';
import {
  type MessageView,
  rowToSummary,
  type TicketDetail,
  type TicketSummary,
  toMessageView,
  toTicketDetail,
  toTicketSummary,
} from '../mappers/tickets.ts';
import { isStaff } from '../trpc.ts';
import {
  decodeKeysetCursor,
  decodeOffsetCursor,
  encodeKeysetCursor,
  encodeOffsetCursor,
  MAX_SEARCH_OFFSET,
} from './cursor.ts';

export interface TicketPage {
  items: TicketSummary[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** Customers reach only their own tickets; for anyone else a ticket they may not see does not exist. */
function visibleTo(actor: Actor, id: string) {
  return isStaff(actor) ? { id } : { id, requester: actor.id };
}

export async function createTicket(
  em: EntityManager,
  actor: Actor,
  input: CreateTicketInput,
  now = new Date(),
): Promise<TicketDetail> {
  return em.transactional(async (tx) => {
    const requester = await tx.findOneOrFail(User, actor.id);
    const ticket = tx.create(Ticket, {
      subject: input.subject,
      priority: input.priority ?? 'normal',
      requester,
      createdAt: now,
      updatedAt: now,
      customerUpdatedAt: now,
    });
    const message = tx.create(Message, { ticket, author: requester, body: input.body, createdAt: now });
    tx.create(TicketSearch, { ticket, publicText: `${input.subject}\n${input.body}`, internalText: '' });
    await tx.flush();
    return toTicketDetail(ticket, [message], actor);
  });
}

export async function listTickets(
  em: EntityManager,
  actor: Actor,
  query: ListTicketsQuery,
): Promise<TicketPage> {
  const staff = isStaff(actor);
  const filter = {
    requesterId: staff ? undefined : actor.id,
    statuses: query.status,
    assigneeId: query.assigneeId === 'unassigned' ? null : query.assigneeId,
  };
  const orderBy = staff ? ('updated_at' as const) : ('customer_updated_at' as const);

  if (query.search) {
    const offset = query.cursor ? decodeOffsetCursor(query.cursor) : 0;
    const rows = await searchTicketRows(em, {
      ...filter,
      text: query.search,
      scope: staff ? 'all' : 'public',
      orderBy,
      offset,
      limit: query.limit + 1,
    });
    const items = rows.slice(0, query.limit).map(rowToSummary);
    const nextOffset = offset + query.limit;
    const more = rows.length > query.limit && nextOffset < MAX_SEARCH_OFFSET;
    return { items, nextCursor: more ? encodeOffsetCursor(nextOffset) : null };
  }

  const rows = await listTicketRows(em, {
    ...filter,
    orderBy,
    after: query.cursor ? decodeKeysetCursor(query.cursor) : undefined,
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(rowToSummary),
    nextCursor:
      rows.length > query.limit && last
        ? encodeKeysetCursor({ activityAt: last.activityAt, id: last.id })
        : null,
  };
}

/** A ticket with its conversation: two queries whatever the number of messages. */
export async function getTicket(em: EntityManager, actor: Actor, id: string): Promise<TicketDetail> {
  const ticket = await em.findOne(Ticket, visibleTo(actor, id), { populate: ['requester', 'assignee'] });
  if (!ticket) throw new NotFoundError('Ticket');
  const messages = await em.find(
    Message,
    isStaff(actor) ? { ticket: ticket.id } : { ticket: ticket.id, internal: false },
    { populate: ['author'], orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  return toTicketDetail(ticket, messages, actor);
}

export interface ReplyResult {
  message: MessageView;
  ticket: TicketSummary;
}

/**
 * A reply or internal note. Replies never conflict with each other: the ticket row is locked for
 * the transaction instead of being compared against a version the caller read earlier.
 */
export async function replyToTicket(
  em: EntityManager,
  actor: Actor,
  input: ReplyToTicketInput,
  now = new Date(),
): Promise<ReplyResult> {
  const staff = isStaff(actor);
  const internal = input.internal ?? false;
  if (internal && !staff) throw new ForbiddenError('Only agents can write internal notes');
  return em.transactional(async (tx) => {
    const ticket = await tx.findOne(Ticket, visibleTo(actor, input.ticketId), rowWriteLock(tx));
    if (!ticket) throw new NotFoundError('Ticket');
    if (ticket.status === 'closed')
      throw new ConflictError('This ticket is closed and can no longer be changed');
    const author = await tx.findOneOrFail(User, actor.id);
    const message = tx.create(Message, { ticket, author, body: input.body, internal, createdAt: now });

    ticket.updatedAt = now;
    if (!internal) ticket.customerUpdatedAt = now;
    if (staff && !internal) {
      ticket.firstResponseAt ??= now;
      if (ticket.status === 'new') ticket.status = 'open';
    }
    if (!staff && (ticket.status === 'pending' || ticket.status === 'solved')) {
      ticket.status = 'open';
      ticket.solvedAt = null;
    }
    await tx.flush();
    await appendToSearchDocument(tx, ticket.id, input.body, internal);
    await tx.populate(ticket, ['requester', 'assignee']);
    return { message: toMessageView(message), ticket: toTicketSummary(ticket, actor) };
  });
}

function applyStatus(ticket: Ticket, status: TicketStatus, now: Date) {
  ticket.status = status;
  ticket.solvedAt = status === 'solved' ? now : status === 'closed' ? (ticket.solvedAt ?? null) : null;
  ticket.closedAt = status === 'closed' ? now : null;
}

/**
 * Status, priority and assignee, by agents, based on the version they saw: a stale version gets
 * CONFLICT with the current state and changes nothing.
 */
export async function updateTicket(
  em: EntityManager,
  actor: Actor,
  input: UpdateTicketInput,
  now = new Date(),
): Promise<TicketSummary> {
  if (!isStaff(actor)) throw new ForbiddenError();
  return em.transactional(async (tx) => {
    const ticket = await tx.findOne(Ticket, input.id, rowWriteLock(tx));
    if (!ticket) throw new NotFoundError('Ticket');
    if (ticket.version !== input.version) {
      await tx.populate(ticket, ['requester', 'assignee']);
      throw new ConflictError(
        `This ticket changed since version ${input.version}; it is now at version ${ticket.version}`,
        toTicketSummary(ticket, actor),
      );
    }
    if (ticket.status === 'closed')
      throw new ConflictError('This ticket is closed and can no longer be changed');

    let changed = false;
    if (input.assigneeId !== undefined && input.assigneeId !== (ticket.assignee?.id ?? null)) {
      if (input.assigneeId === null) ticket.assignee = null;
      else {
        const agent = await tx.findOne(User, {
          id: input.assigneeId,
          role: { $in: ['agent', 'admin'] },
          active: true,
        });
        if (!agent) throw new InvalidInputError('assigneeId', 'No active agent has this id');
        ticket.assignee = agent;
      }
      changed = true;
    }
    if (input.priority !== undefined && input.priority !== ticket.priority) {
      ticket.priority = input.priority;
      changed = true;
    }
    if (input.status !== undefined && input.status !== ticket.status) {
      applyStatus(ticket, input.status, now);
      changed = true;
    }
    if (changed) {
      ticket.updatedAt = now;
      ticket.customerUpdatedAt = now;
      await tx.flush();
    }
    await tx.populate(ticket, ['requester', 'assignee']);
    return toTicketSummary(ticket, actor);
  });
}
