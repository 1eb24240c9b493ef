import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';

export const mailStatuses = ['pending', 'sent', 'failed'] as const;

/**
 * The transactional outbox: a mail is written in the same transaction as the change it tells of,
 * and sent afterwards by the mailer, so a rolled-back change never mails and a crash never loses one.
 */
export const OutboxMailSchema = defineEntity({
  name: 'OutboxMail',
  tableName: 'outbox_mails',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    to: p.string().length(254),
    subject: p.string().length(255),
    text: p.text(),
    /** What the mail is about (e.g. `password_reset`), for logs and tests; never the secret itself. */
    kind: p.string().length(40),
    status: p.enum(mailStatuses).default('pending'),
    attempts: p.integer().default(0),
    lastError: p.string().length(500).nullable(),
    sendAfter: p.datetime(3).onCreate(() => new Date()),
    sentAt: p.datetime(3).nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
  indexes: [{ name: 'outbox_mails_status_send_after_idx', properties: ['status', 'sendAfter'] }],
});

export class OutboxMail extends OutboxMailSchema.class {}
OutboxMailSchema.setClass(OutboxMail);
