import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { Message } from './message.ts';
import { Ticket } from './ticket.ts';
import { User } from './user.ts';

/**
 * A file on a ticket. Uploaded first (staged: no ticket yet, usable only by its uploader), then
 * attached to a message. Stored under `storageKey`, a generated name outside any served folder;
 * `filename` is what the user called it, only ever used in a Content-Disposition header.
 */
export const AttachmentSchema = defineEntity({
  name: 'Attachment',
  tableName: 'attachments',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    uploader: () => p.manyToOne(User).deleteRule('cascade'),
    ticket: () => p.manyToOne(Ticket).nullable().deleteRule('cascade'),
    message: () => p.manyToOne(Message).nullable().deleteRule('cascade'),
    filename: p.string().length(255),
    contentType: p.string().length(100),
    size: p.integer(),
    sha256: p.string().length(64),
    storageKey: p.string().length(100).unique(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
});

export class Attachment extends AttachmentSchema.class {}
AttachmentSchema.setClass(Attachment);
