import {
  Attachment,
  type EntityManager,
  Message,
  rebuildSearchDocument,
  rowWriteLock,
  Ticket,
  TicketLink,
} from '@helpdesk/db';
import type { Actor } from '../../context.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../errors.ts';
import { type TicketDetail, type TicketSummary, toTicketSummary } from '../../mappers/tickets.ts';
import { recordEvent } from '../events.ts';
import { insertTicket } from './create.ts';
import { touch } from './fields.ts';
import { getTicket } from './read.ts';
import { assertNotClosed, setStatus, TICKET_RELATIONS } from './shared.ts';

/** Locks two tickets in id order (so two merges of the same pair cannot deadlock). */
async function lockPair(tx: EntityManager, firstId: string, secondId: string): Promise<[Ticket, Ticket]> {
  const tickets = await tx.find(
    Ticket,
    { id: { $in: [firstId, secondId] } },
    { ...rowWriteLock(tx), orderBy: { id: 'asc' } },
  );
  const first = tickets.find((ticket) => ticket.id === firstId);
  const second = tickets.find((ticket) => ticket.id === secondId);
  if (!first || !second) throw new NotFoundError('Ticket');
  await tx.populate([first, second], TICKET_RELATIONS);
  return [first, second];
}

export interface MergeResult {
  source: TicketSummary;
  target: TicketSummary;
}

/**
 * Merges one ticket into another of the same requester: the source's messages move to the target,
 * the source is closed and points to it, and both timelines say so.
 */
export async function mergeTickets(
  em: EntityManager,
  actor: Actor,
  input: { sourceId: string; targetId: string },
  now = new Date(),
): Promise<MergeResult> {
  return em.transactional(async (tx) => {
    const [source, target] = await lockPair(tx, input.sourceId, input.targetId);
    assertNotClosed(source);
    assertNotClosed(target);
    if (source.requester.id !== target.requester.id) {
      throw new InvalidInputError('targetId', 'Only tickets of the same requester can be merged');
    }
    await tx.nativeUpdate(Message, { ticket: source.id }, { ticket: target.id });
    await tx.nativeUpdate(Attachment, { ticket: source.id }, { ticket: target.id });
    source.mergedInto = target;
    setStatus(tx, source, actor.id, 'closed', now);
    recordEvent(tx, {
      ticket: source,
      actorId: actor.id,
      kind: 'merged_into',
      to: target.reference,
      internal: false,
      at: now,
    });
    recordEvent(tx, {
      ticket: target,
      actorId: actor.id,
      kind: 'merged_from',
      from: source.reference,
      internal: false,
      at: now,
    });
    touch(source, now, true);
    touch(target, now, true);
    await tx.flush();
    await rebuildSearchDocument(tx, target.id);
    await rebuildSearchDocument(tx, source.id);
    return { source: toTicketSummary(source, actor), target: toTicketSummary(target, actor) };
  });
}

function linkKey(a: string, b: string) {
  return a < b ? { ticket: a, related: b } : { ticket: b, related: a };
}

/** Marks two tickets as related (idempotent); agents see the link on both. */
export async function linkTickets(
  em: EntityManager,
  actor: Actor,
  input: { ticketId: string; relatedId: string },
  now = new Date(),
): Promise<{ linked: true }> {
  return em.transactional(async (tx) => {
    const [first, second] = await lockPair(
      tx,
      ...([input.ticketId, input.relatedId].sort() as [string, string]),
    );
    const key = linkKey(first.id, second.id);
    if (await tx.count(TicketLink, key)) return { linked: true as const };
    tx.create(TicketLink, { ticket: key.ticket, related: key.related, createdAt: now });
    for (const [ticket, other] of [
      [first, second],
      [second, first],
    ] as const) {
      recordEvent(tx, {
        ticket,
        actorId: actor.id,
        kind: 'linked',
        to: other.reference,
        internal: true,
        at: now,
      });
      touch(ticket, now, false);
    }
    await tx.flush();
    return { linked: true as const };
  });
}

export async function unlinkTickets(
  em: EntityManager,
  actor: Actor,
  input: { ticketId: string; relatedId: string },
  now = new Date(),
): Promise<{ linked: false }> {
  return em.transactional(async (tx) => {
    const [first, second] = await lockPair(
      tx,
      ...([input.ticketId, input.relatedId].sort() as [string, string]),
    );
    const removed = await tx.nativeDelete(TicketLink, linkKey(first.id, second.id));
    if (removed) {
      recordEvent(tx, {
        ticket: first,
        actorId: actor.id,
        kind: 'unlinked',
        to: second.reference,
        internal: true,
        at: now,
      });
      recordEvent(tx, {
        ticket: second,
        actorId: actor.id,
        kind: 'unlinked',
        to: first.reference,
        internal: true,
        at: now,
      });
      await tx.flush();
    }
    return { linked: false as const };
  });
}

/**
 * Moves one public message out into a new ticket of the same requester (when a customer asked a
 * second, unrelated question in a thread). The first message cannot be split off: that is the
 * ticket itself.
 */
export async function splitTicket(
  em: EntityManager,
  actor: Actor,
  input: { messageId: string; subject?: string },
  now = new Date(),
): Promise<TicketDetail> {
  const created = await em.transactional(async (tx) => {
    const message = await tx.findOne(Message, input.messageId);
    if (!message) throw new NotFoundError('Message');
    if (message.internal) throw new InvalidInputError('messageId', 'Internal notes cannot be split out');
    const original = await tx.findOne(Ticket, message.ticket.id, rowWriteLock(tx));
    if (!original) throw new NotFoundError('Ticket');
    assertNotClosed(original);
    const first = await tx.findOneOrFail(
      Message,
      { ticket: original.id },
      { orderBy: { createdAt: 'asc', id: 'asc' } },
    );
    if (first.id === message.id)
      throw new ConflictError('The first message is the ticket itself; it cannot be split off');
    const split = await insertTicket(tx, {
      subject: input.subject ?? original.subject,
      body: message.body,
      requesterId: original.requester.id,
      authorId: message.author.id,
      actorId: actor.id,
      channel: 'agent',
      priority: original.priority,
      categoryId: original.category?.id ?? null,
      customFields: original.customFields,
      now,
    });
    // The message's files go with it to the new ticket's opening message.
    await tx.nativeUpdate(
      Attachment,
      { message: message.id },
      { message: split.messageId, ticket: split.id },
    );
    tx.remove(message);
    recordEvent(tx, {
      ticket: original,
      actorId: actor.id,
      kind: 'split_to',
      to: split.reference,
      internal: false,
      at: now,
    });
    recordEvent(tx, {
      ticket: tx.getReference(Ticket, split.id),
      actorId: actor.id,
      kind: 'split_from',
      from: original.reference,
      internal: false,
      at: now,
    });
    touch(original, now, true);
    await tx.flush();
    await rebuildSearchDocument(tx, original.id);
    return split;
  });
  return getTicket(em.fork(), actor, created.id);
}
