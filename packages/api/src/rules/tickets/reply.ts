import {
  appendToSearchDocument,
  type EntityManager,
  insertMessage,
  insertNotifications,
  insertOutboxMails,
  insertTimelineEntries,
  lockTicketFields,
  Message,
  type NewNotification,
  type NewOutboxMail,
  Ticket,
} from '@helpdesk/db';
import type { NotificationKind, ReplyToTicketInput } from '@helpdesk/validators';
import type { Actor } from '../../context.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '../../errors.ts';
import { type MessageView, type TicketSummary, toMessageView } from '../../mappers/tickets.ts';
import { outboxMail } from '../../services/mail-queue.ts';
import { isStaff } from '../../trpc.ts';
import { customerScope } from '../access.ts';
import { attachUploads, DEFAULT_MAX_TICKET_BYTES } from '../attachments.ts';
import { fieldChange, recordEvent, timelineEntry } from '../events.ts';
import { notificationRow, notify } from '../notifications.ts';
import { mailAboutReply } from '../ticket-mail.ts';
import { insertTicket } from './create.ts';
import { writeChangedFields } from './field-changes.ts';
import { changeStatus, type RecordChange, touch } from './fields.ts';
import { mentionedAgents } from './mentions.ts';
import { lockVisibleTicket, readSummaries } from './shared.ts';

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
 * Written as statements, not through the unit of work: the ticket is locked and written as a row
 * (ticket-writes.ts), the message, timeline entries, notifications and mail are prepared inserts
 * (row-inserts.ts), so a reply builds no entity unless it attaches uploads. Its rules are the ones
 * the entity paths use (fields.ts, notifications.ts, ticket-mail.ts, events.ts).
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
    const message = { body: input.body, internal, createdAt: now, author: actor };
    const messageId = await insertMessage(tx, { ticketId: locked.id, authorId: actor.id, ...message });
    const attached = await attachUploads(tx, actor, input.attachmentIds, {
      ticket: tx.getReference(Ticket, locked.id),
      message: tx.getReference(Message, messageId),
      newTicket: false,
      maxTicketBytes,
    });
    const event = { actorId: actor.id, at: now };
    const entries = [
      timelineEntry(locked.id, { ...event, kind: internal ? 'note_added' : 'replied', internal }),
    ];
    const notifications: NewNotification[] = [];
    const notifyOf = (userId: string, kind: NotificationKind) => {
      const row = notificationRow({ userId, kind, ticketId: locked.id, ...event });
      if (row) notifications.push(row);
    };
    const ticket = { ...locked };
    const record: RecordChange = (...change) =>
      entries.push(timelineEntry(locked.id, { ...event, ...fieldChange(...change) }));
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
      if (ticket.assigneeId) notifyOf(ticket.assigneeId, 'customer_replied');
    }
    if (internal) for (const agent of await mentionedAgents(tx, input.body)) notifyOf(agent.id, 'mentioned');
    const mails: NewOutboxMail[] = [];
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
      (mail) => mails.push(outboxMail(mail, now)),
    );
    await writeChangedFields(tx, locked, ticket);
    await insertTimelineEntries(tx, entries);
    await insertNotifications(tx, notifications);
    await insertOutboxMails(tx, mails);
    if (attached.length) await tx.flush();
    await appendToSearchDocument(tx, ticket.id, input.body, internal);
    return {
      message: toMessageView({ id: messageId, ...message }, attached),
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
  // Its requester, assignee and category are read by id only: no relation is loaded.
  const ticket = await lockVisibleTicket(tx, actor, input.ticketId, []);
  const subject = `Re: ${ticket.subject}`.slice(0, 200);
  const followUp = await insertTicket(tx, {
    subject,
    body: input.body,
    requesterId: ticket.requester.id,
    authorId: actor.id,
    actorId: actor.id,
    channel: 'portal',
    priority: ticket.priority,
    categoryId: ticket.category?.id ?? null,
    customFields: ticket.customFields,
    followUpOfId: ticket.id,
    now,
  });
  const followUpTicket = tx.getReference(Ticket, followUp.id);
  const attached = await attachUploads(tx, actor, input.attachmentIds, {
    ticket: followUpTicket,
    message: tx.getReference(Message, followUp.messageId),
    newTicket: true,
    maxTicketBytes,
  });
  recordEvent(tx, {
    ticket,
    actorId: actor.id,
    kind: 'follow_up_created',
    to: followUp.reference,
    internal: false,
    at: now,
  });
  if (ticket.assignee)
    notify(tx, {
      userId: ticket.assignee.id,
      kind: 'customer_replied',
      ticket: followUpTicket,
      actorId: actor.id,
      at: now,
    });
  await mailAboutReply(
    tx,
    {
      ticket: { id: followUp.id, reference: followUp.reference, subject, requester: ticket.requester },
      author: actor,
      body: input.body,
      internal: false,
      assignee: ticket.assignee ?? null,
    },
    now,
  );
  await tx.flush();
  return {
    message: toMessageView(
      { id: followUp.messageId, body: input.body, internal: false, createdAt: now, author: actor },
      attached,
    ),
    ticket: (await readSummaries(tx, [followUp.id], actor))[0] as TicketSummary,
    followUp: true,
  };
}
