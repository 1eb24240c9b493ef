import {
  appendToSearchDocument,
  type EntityManager,
  lockTicketFields,
  Message,
  Ticket,
  User,
} from '@helpdesk/db';
import type { ReplyToTicketInput } from '@helpdesk/validators';
import type { Actor } from '../../context.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts';
import {
  type MessageView,
  type TicketSummary,
  toMessageView,
  toTicketSummary,
} from '../../mappers/tickets.ts';
import { isStaff } from '../../trpc.ts';
import { customerScope } from '../access.ts';
import { attachUploads, DEFAULT_MAX_TICKET_BYTES } from '../attachments.ts';
import { recordEvent } from '../events.ts';
import { notify } from '../notifications.ts';
import { mailAboutReply } from '../ticket-mail.ts';
import { insertTicket } from './create.ts';
import { writeChangedFields } from './field-changes.ts';
import { changeStatus, touch } from './fields.ts';
import { mentionedAgents } from './mentions.ts';
import { lockVisibleTicket, readSummaries, timelineOf } from './shared.ts';

export interface ReplyResult {
  message: MessageView;
  /** The ticket the message landed on: a new follow-up ticket when the original was closed. */
  ticket: TicketSummary;
  followUp: boolean;
}

/**
 * A reply or an internal note. Replies never conflict with each other or with updates: the ticket
 * row is locked for the transaction instead of compared with a version read earlier.
 * A customer writing to a closed ticket starts a new ticket linked to it.
 *
 * The ticket itself is read and written as a row (ticket-writes.ts), not loaded as an entity with
 * its relations: a reply reads only its status, clocks, requester and assignee. The rows it adds
 * (message, timeline entry, notifications, mail) go through the unit of work.
 */
export async function replyToTicket(
  em: EntityManager,
  actor: Actor,
  input: ReplyToTicketInput,
  now = new Date(),
  maxTicketBytes = DEFAULT_MAX_TICKET_BYTES,
): Promise<ReplyResult> {
  const staff = isStaff(actor);
  const internal = input.internal ?? false;
  if (internal && !staff) throw new ForbiddenError('Only agents can write internal notes');
  if (input.status && !staff) throw new ForbiddenError('Only agents can set the status');
  return em.transactional(async (tx) => {
    const [locked] = await lockTicketFields(tx, [input.ticketId], customerScope(actor));
    if (!locked) throw new NotFoundError('Ticket');
    if (locked.status === 'closed') {
      if (staff) throw new ConflictError('This ticket is closed and can no longer be changed');
      return followUpOnClosed(tx, actor, input, now, maxTicketBytes);
    }
    const author = await tx.findOneOrFail(User, actor.id);
    const reference = tx.getReference(Ticket, locked.id);
    const message = tx.create(Message, {
      ticket: reference,
      author,
      body: input.body,
      internal,
      createdAt: now,
    });
    const attached = await attachUploads(tx, actor, input.attachmentIds, {
      ticket: reference,
      message,
      newTicket: false,
      maxTicketBytes,
    });
    recordEvent(tx, {
      ticket: reference,
      actorId: actor.id,
      kind: internal ? 'note_added' : 'replied',
      internal,
      at: now,
    });
    const ticket = { ...locked };
    const record = timelineOf(tx, reference, actor.id, now);
    touch(ticket, now, !internal);
    if (staff && !internal) {
      ticket.firstResponseAt ??= now;
      if (ticket.status === 'new') changeStatus(ticket, 'open', now, record);
    }
    // After the automatic move to open, so "reply and mark pending" on a new ticket ends pending.
    if (input.status) changeStatus(ticket, input.status, now, record);
    if (!staff) {
      if (ticket.status === 'pending' || ticket.status === 'solved')
        changeStatus(ticket, 'open', now, record);
      if (ticket.assigneeId)
        notify(tx, {
          userId: ticket.assigneeId,
          kind: 'customer_replied',
          ticket: reference,
          actorId: actor.id,
          at: now,
        });
    }
    if (internal) {
      for (const agent of await mentionedAgents(tx, input.body)) {
        notify(tx, { userId: agent.id, kind: 'mentioned', ticket: reference, actorId: actor.id, at: now });
      }
    }
    await mailAboutReply(
      tx,
      {
        ticket: { ...ticket, requester: { id: ticket.requesterId } },
        author: actor,
        body: input.body,
        internal,
        assignee: ticket.assigneeId ? { id: ticket.assigneeId } : null,
      },
      now,
    );
    await writeChangedFields(tx, locked, ticket);
    await tx.flush();
    await appendToSearchDocument(tx, ticket.id, input.body, internal);
    return {
      message: toMessageView(message, attached),
      ticket: (await readSummaries(tx, [ticket.id], actor))[0] as TicketSummary,
      followUp: false,
    };
  });
}

/** A customer's reply to their closed ticket: a new ticket, linked to it, holds it. */
async function followUpOnClosed(
  tx: EntityManager,
  actor: Actor,
  input: ReplyToTicketInput,
  now: Date,
  maxTicketBytes: number,
): Promise<ReplyResult> {
  const ticket = await lockVisibleTicket(tx, actor, input.ticketId);
  const author = await tx.findOneOrFail(User, actor.id);
  const followUp = await insertTicket(tx, {
    subject: `Re: ${ticket.subject}`.slice(0, 200),
    body: input.body,
    requester: ticket.requester,
    author,
    actorId: actor.id,
    channel: 'portal',
    priority: ticket.priority,
    categoryId: ticket.category?.id ?? null,
    customFields: ticket.customFields,
    followUpOf: ticket,
    now,
  });
  const attached = await attachUploads(tx, actor, input.attachmentIds, {
    ...followUp,
    newTicket: true,
    maxTicketBytes,
  });
  recordEvent(tx, {
    ticket,
    actorId: actor.id,
    kind: 'follow_up_created',
    to: followUp.ticket.reference,
    internal: false,
    at: now,
  });
  if (ticket.assignee)
    notify(tx, {
      userId: ticket.assignee.id,
      kind: 'customer_replied',
      ticket: followUp.ticket,
      actorId: actor.id,
      at: now,
    });
  await mailAboutReply(
    tx,
    {
      ticket: followUp.ticket,
      author: actor,
      body: input.body,
      internal: false,
      assignee: ticket.assignee ?? null,
    },
    now,
  );
  await tx.flush();
  return {
    message: toMessageView(followUp.message, attached),
    ticket: toTicketSummary(followUp.ticket, actor),
    followUp: true,
  };
}
