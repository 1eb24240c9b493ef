import { appendToSearchDocument, type EntityManager, Message, User } from '@helpdesk/db';
import type { ReplyToTicketInput } from '@helpdesk/validators';
import type { Actor } from '../../context.ts';
import { ConflictError, ForbiddenError } from '../../errors.ts';
import {
  type MessageView,
  type TicketSummary,
  toMessageView,
  toTicketSummary,
} from '../../mappers/tickets.ts';
import { isStaff } from '../../trpc.ts';
import { attachUploads, DEFAULT_MAX_TICKET_BYTES } from '../attachments.ts';
import { recordEvent } from '../events.ts';
import { notify } from '../notifications.ts';
import { mailAboutReply } from '../ticket-mail.ts';
import { insertTicket } from './create.ts';
import { touch } from './fields.ts';
import { mentionedAgents } from './mentions.ts';
import { lockVisibleTicket, setStatus } from './shared.ts';

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
    const ticket = await lockVisibleTicket(tx, actor, input.ticketId);
    const author = await tx.findOneOrFail(User, actor.id);

    if (ticket.status === 'closed') {
      if (staff) throw new ConflictError('This ticket is closed and can no longer be changed');
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

    const message = tx.create(Message, { ticket, author, body: input.body, internal, createdAt: now });
    const attached = await attachUploads(tx, actor, input.attachmentIds, {
      ticket,
      message,
      newTicket: false,
      maxTicketBytes,
    });
    recordEvent(tx, {
      ticket,
      actorId: actor.id,
      kind: internal ? 'note_added' : 'replied',
      internal,
      at: now,
    });
    touch(ticket, now, !internal);
    if (staff && !internal) {
      ticket.firstResponseAt ??= now;
      if (ticket.status === 'new') setStatus(tx, ticket, actor.id, 'open', now);
    }
    // After the automatic move to open, so "reply and mark pending" on a new ticket ends pending.
    if (input.status) setStatus(tx, ticket, actor.id, input.status, now);
    if (!staff) {
      if (ticket.status === 'pending' || ticket.status === 'solved')
        setStatus(tx, ticket, actor.id, 'open', now);
      if (ticket.assignee)
        notify(tx, {
          userId: ticket.assignee.id,
          kind: 'customer_replied',
          ticket,
          actorId: actor.id,
          at: now,
        });
    }
    if (internal) {
      for (const agent of await mentionedAgents(tx, input.body)) {
        notify(tx, { userId: agent.id, kind: 'mentioned', ticket, actorId: actor.id, at: now });
      }
    }
    await mailAboutReply(
      tx,
      { ticket, author: actor, body: input.body, internal, assignee: ticket.assignee ?? null },
      now,
    );
    await tx.flush();
    await appendToSearchDocument(tx, ticket.id, input.body, internal);
    return {
      message: toMessageView(message, attached),
      ticket: toTicketSummary(ticket, actor),
      followUp: false,
    };
  });
}
