import { type EntityManager, type NewOutboxMail, OutboxMail } from '@helpdesk/db';

/**
 * Links in queued mails start with this placeholder; the mailer puts the configured public URL in
 * its place when it sends (so links always follow configuration, never a request's Host header,
 * and a mail queued before PUBLIC_URL changed still points to the right place).
 */
export const PUBLIC_URL = '{{PUBLIC_URL}}';

/** A link into the desk for a mail: `{{PUBLIC_URL}}/path`. */
export function deskLink(path: string): string {
  return `${PUBLIC_URL}/${path.replace(/^\/+/, '')}`;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  /** What the mail is about (`password_reset`, `ticket_reply`, ...): logs and tests read it. */
  kind: string;
}

/**
 * A mail as the outbox keeps it, due now: written through the unit of work (`queueMail`) or as a
 * statement (`insertOutboxMails`, for changes written as statements).
 */
export function outboxMail(mail: MailMessage, now: Date): NewOutboxMail {
  if (/[\r\n]/.test(mail.to) || /[\r\n]/.test(mail.subject)) {
    // Header injection guard: addresses and subjects come from validated single-line inputs, so
    // a line break here is a bug, never something to send.
    throw new Error('Mail headers must be single lines');
  }
  return { ...mail, subject: mail.subject.slice(0, 255), sendAfter: now, createdAt: now };
}

/**
 * Puts a mail in the outbox, in the caller's unit of work: it is sent (by the mailer, after the
 * commit) only if the change it tells of is committed.
 */
export function queueMail(em: EntityManager, mail: MailMessage, now = new Date()): OutboxMail {
  return em.create(OutboxMail, outboxMail(mail, now));
}
