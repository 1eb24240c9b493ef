import { type EntityManager, Message, Ticket, TicketSearch, User } from '@helpdesk/db';
import {
  type CreateTicketInput,
  priorityRank,
  type TicketChannel,
  type TicketPriority,
} from '@helpdesk/validators';
import type { Actor } from '../../context.ts';
import { ForbiddenError, InvalidInputError } from '../../errors.ts';
import { type TicketDetail, toTicketDetail } from '../../mappers/tickets.ts';
import { isStaff } from '../../trpc.ts';
import { attachUploads, DEFAULT_MAX_TICKET_BYTES } from '../attachments.ts';
import { resolveCustomFields } from '../custom-fields.ts';
import { recordEvent } from '../events.ts';
import { findOrCreateTags, setCategory } from './shared.ts';

export interface NewTicket {
  subject: string;
  body: string;
  requester: User;
  /** Who wrote the first message (the requester, or the agent opening it on their behalf). */
  author: User;
  actorId: string | null;
  channel: TicketChannel;
  priority?: TicketPriority;
  categoryId?: string | null;
  customFields?: Record<string, unknown>;
  tags?: readonly string[];
  followUpOf?: Ticket | null;
  now: Date;
}

/**
 * Writes a new ticket with its first message, search document and timeline entry, in the caller's
 * transaction. Every way a ticket is born (portal, agent, public form, follow-up, split) comes here.
 */
export async function insertTicket(
  tx: EntityManager,
  input: NewTicket,
): Promise<{ ticket: Ticket; message: Message }> {
  const priority = input.priority ?? 'normal';
  const ticket = tx.create(Ticket, {
    subject: input.subject,
    priority,
    priorityRank: priorityRank[priority],
    channel: input.channel,
    requester: input.requester,
    customFields: {},
    followUpOf: input.followUpOf ?? null,
    createdAt: input.now,
    updatedAt: input.now,
    customerUpdatedAt: input.now,
  });
  if (input.categoryId) await setCategory(tx, ticket, null, input.categoryId, input.now);
  ticket.customFields = await resolveCustomFields(tx, input.categoryId ?? null, {}, input.customFields ?? {});
  if (input.tags?.length) ticket.tags.set(await findOrCreateTags(tx, input.tags));
  const message = tx.create(Message, {
    ticket,
    author: input.author,
    body: input.body,
    createdAt: input.now,
  });
  tx.create(TicketSearch, { ticket, publicText: `${input.subject}\n${input.body}`, internalText: '' });
  recordEvent(tx, { ticket, actorId: input.actorId, kind: 'created', internal: false, at: input.now });
  return { ticket, message };
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
    const author = await tx.findOneOrFail(User, actor.id);
    let requester = author;
    if (staff && input.requesterId) {
      const customer = await tx.findOne(User, { id: input.requesterId, role: 'customer', active: true });
      if (!customer) throw new InvalidInputError('requesterId', 'No active customer has this id');
      requester = customer;
    }
    const { ticket, message } = await insertTicket(tx, {
      subject: input.subject,
      body: input.body,
      requester,
      author,
      actorId: actor.id,
      channel: staff ? 'agent' : 'portal',
      priority: input.priority,
      categoryId: input.categoryId,
      customFields: input.customFields,
      tags: input.tags,
      now,
    });
    const attached = await attachUploads(tx, actor, input.attachmentIds, {
      ticket,
      message,
      newTicket: true,
      maxTicketBytes,
    });
    await tx.flush();
    return toTicketDetail(ticket, [message], actor, [], attached);
  });
}
