import { type EntityManager, findUserContact, type Ticket, type User } from '@helpdesk/db';
import type { Actor } from '../context.ts';
import { deskLink, type MailMessage, queueMail } from '../services/mail-queue.ts';
import { isStaff } from '../trpc.ts';

/**
 * Ticket notification mails, queued in the change's own transaction (the outbox): a rolled-back
 * change mails nobody. Mails are plain text; what users wrote goes in the body only, and the only
 * header they reach is the subject (validated single-line, and flattened here once more).
 * A customer's mail carries the one public message it tells of, never an internal note.
 */

/** What a mail says of its ticket: an entity has it, and so does a row locked for a change. */
export interface MailTicket {
  id: string;
  reference: string;
  subject: string;
  requester: { id: string };
}

/** The "open the ticket" line. */
function ticketLink(ticket: MailTicket): string {
  return `\n\nOpen the ticket: ${deskLink(`tickets/${ticket.id}`)}\n`;
}

function subjectOf(ticket: MailTicket): string {
  return `[#${ticket.reference}] ${ticket.subject.replace(/[\r\n]+/g, ' ')}`;
}

/** An active recipient who is not the one acting (nobody is mailed about their own action). */
async function recipient(
  tx: EntityManager,
  userId: string,
  actorId: string | null,
): Promise<{ email: string } | null> {
  if (userId === actorId) return null;
  const user = await findUserContact(tx, userId);
  return user?.active ? user : null;
}

/** Where a composed mail goes: the unit of work's outbox unless the change writes statements. */
type QueueMail = (mail: MailMessage) => void;

export interface ReplyMail {
  /** The ticket the message landed on (a follow-up ticket when the original was closed). */
  ticket: MailTicket;
  author: Actor;
  body: string;
  internal: boolean;
  /** Who handles it: the ticket's assignee, or for a follow-up the closed ticket's. */
  assignee: { id: string } | null;
}

/**
 * A public agent reply mails the requester; a customer's reply mails the assignee. An internal
 * note mails nobody (its mentions are in-app notifications).
 */
export async function mailAboutReply(
  tx: EntityManager,
  reply: ReplyMail,
  now: Date,
  queue: QueueMail = (mail) => queueMail(tx, mail, now),
): Promise<void> {
  if (reply.internal) return;
  const { ticket, author } = reply;
  const toRequester = isStaff(author);
  const to = toRequester
    ? await recipient(tx, ticket.requester.id, author.id)
    : reply.assignee && (await recipient(tx, reply.assignee.id, author.id));
  if (!to) return;
  const intro = toRequester
    ? `${author.name} replied to your request #${ticket.reference}:`
    : `${author.name} replied to ticket #${ticket.reference}:`;
  queue({
    to: to.email,
    subject: subjectOf(ticket),
    text: `${intro}\n\n${reply.body}${ticketLink(ticket)}`,
    kind: toRequester ? 'ticket_reply' : 'ticket_customer_reply',
  });
}

/** An assignment mails the new assignee, unless they assigned themselves. */
export async function mailAboutAssignment(
  tx: EntityManager,
  ticket: Ticket,
  assignee: User | null,
  actorId: string | null,
  now: Date,
): Promise<void> {
  const to = assignee && (await recipient(tx, assignee.id, actorId));
  if (!to) return;
  queueMail(
    tx,
    {
      to: to.email,
      subject: subjectOf(ticket),
      text: `Ticket #${ticket.reference} was assigned to you: ${ticket.subject}${ticketLink(ticket)}`,
      kind: 'ticket_assigned',
    },
    now,
  );
}
