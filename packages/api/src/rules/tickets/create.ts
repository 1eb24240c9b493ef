import {
  type EntityManager,
  insertMessage,
  insertSearchDocument,
  insertTicketRow,
  insertTicketTags,
  insertTimelineEntries,
  Message,
  Ticket,
  User,
} from '@helpdesk/db';
import {
  type CreateTicketInput,
  priorityRank,
  type TicketChannel,
  type TicketPriority,
} from '@helpdesk/validators';
import type { Actor } from '../../context.ts';
import { ForbiddenError, InvalidInputError } from '../../errors.ts';
import type { TicketDetail } from '../../mappers/tickets.ts';
import { isStaff } from '../../trpc.ts';
import { attachUploads, DEFAULT_MAX_TICKET_BYTES } from '../attachments.ts';
import { resolveCustomFields } from '../custom-fields.ts';
import { fieldChange, timelineEntry } from '../events.ts';
import { getTicket } from './read.ts';
import { findActiveCategory, findOrCreateTags } from './shared.ts';

export interface NewTicket {
  subject: string;
  body: string;
  requesterId: string;
  /** Who wrote the first message (the requester, or the agent opening it on their behalf). */
  authorId: string;
  actorId: string | null;
  channel: TicketChannel;
  priority?: TicketPriority;
  categoryId?: string | null;
  customFields?: Record<string, unknown>;
  tags?: readonly string[];
  followUpOfId?: string | null;
  now: Date;
}

export interface InsertedTicket {
  id: string;
  reference: string;
  /** The first message's id. */
  messageId: string;
}

/**
 * Writes a new ticket with its first message, search document and timeline entry, in the caller's
 * transaction. Every way a ticket is born (portal, agent, public form, follow-up, split) comes here.
 * Written as prepared statements (row-inserts.ts), not through the unit of work: a portal ticket
 * spent most of its time building, tracking and compiling four entities' inserts. The requester
 * and author must already be rows (flush a new user first).
 */
export async function insertTicket(tx: EntityManager, input: NewTicket): Promise<InsertedTicket> {
  const priority = input.priority ?? 'normal';
  const categoryId = input.categoryId ?? null;
  const category = await findActiveCategory(tx, categoryId);
  const customFields = await resolveCustomFields(tx, categoryId, {}, input.customFields ?? {});
  const tags = input.tags?.length ? await findOrCreateTags(tx, input.tags) : [];
  // New tags get their ids when flushed.
  if (tags.length) await tx.flush();
  const { id, reference } = await insertTicketRow(tx, {
    subject: input.subject,
    priority,
    priorityRank: priorityRank[priority],
    channel: input.channel,
    requesterId: input.requesterId,
    categoryId,
    customFields,
    followUpOfId: input.followUpOfId ?? null,
    createdAt: input.now,
  });
  await insertTicketTags(
    tx,
    id,
    tags.map((tag) => tag.id),
  );
  const messageId = await insertMessage(tx, {
    ticketId: id,
    authorId: input.authorId,
    body: input.body,
    internal: false,
    createdAt: input.now,
  });
  await insertSearchDocument(tx, id, `${input.subject}\n${input.body}`);
  const event = { actorId: input.actorId, at: input.now };
  await insertTimelineEntries(tx, [
    timelineEntry(id, { ...event, kind: 'created', internal: false }),
    // The category it was born in, as a change from none (the entry an agent's choice would make).
    ...(category
      ? [timelineEntry(id, { ...event, actorId: null, ...fieldChange('category', null, category.name) })]
      : []),
  ]);
  return { id, reference, messageId };
}

/**
 * A customer opens a ticket from the portal; an agent may open one on a customer's behalf
 * (`requesterId`, channel `agent`) and tag it.
 */
export async function createTicket(
  em: EntityManager,
  actor: Actor,
  input: CreateTicketInput,
  now = new Date(),
  maxTicketBytes = DEFAULT_MAX_TICKET_BYTES,
): Promise<TicketDetail> {
  const staff = isStaff(actor);
  if (!staff && (input.requesterId || input.tags))
    throw new ForbiddenError('Only agents can set the requester or tags');
  if (staff && !input.requesterId)
    throw new InvalidInputError('requesterId', 'Agents open tickets on behalf of a customer');
  return em.transactional(async (tx) => {
    let requesterId = actor.id;
    if (staff && input.requesterId) {
      const customer = await tx.findOne(
        User,
        { id: input.requesterId, role: 'customer', active: true },
        { fields: ['id'] },
      );
      if (!customer) throw new InvalidInputError('requesterId', 'No active customer has this id');
      requesterId = customer.id;
    }
    const { id, messageId } = await insertTicket(tx, {
      subject: input.subject,
      body: input.body,
      requesterId,
      authorId: actor.id,
      actorId: actor.id,
      channel: staff ? 'agent' : 'portal',
      priority: input.priority,
      categoryId: input.categoryId,
      customFields: input.customFields,
      tags: input.tags,
      now,
    });
    const attached = await attachUploads(tx, actor, input.attachmentIds, {
      ticket: tx.getReference(Ticket, id),
      message: tx.getReference(Message, messageId),
      newTicket: true,
      maxTicketBytes,
    });
    if (attached.length) await tx.flush();
    // The answer is the ticket as its page shows it (the same query).
    return getTicket(tx, actor, id);
  });
}
