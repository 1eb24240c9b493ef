import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { Ticket } from './ticket.ts';
import { User } from './user.ts';

export const MessageSchema = defineEntity({
  name: 'Message',
  tableName: 'messages',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    ticket: () => p.manyToOne(Ticket).deleteRule('cascade').index(false),
    author: () => p.manyToOne(User),
    /** Plain text as typed; front-ends render it as text, never as HTML. */
    body: p.text().columnType('mediumtext'),
    /** Internal notes are for agents only and never leave the server towards a customer. */
    internal: p.boolean().default(false),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
  indexes: [{ name: 'messages_ticket_created_idx', properties: ['ticket', 'createdAt', 'id'] }],
});

export class Message extends MessageSchema.class {}
MessageSchema.setClass(Message);
