import { ticketPriorities, ticketStatuses } from '@helpdesk/validators';
import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { User } from './user.ts';

/**
 * A saved reply with placeholders (`{{requester.name}}`, `{{ticket.reference}}`) that can also
 * set status, priority and tags in the same step. Personal, or shared with every agent.
 */
export const CannedResponseSchema = defineEntity({
  name: 'CannedResponse',
  tableName: 'canned_responses',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    title: p.string().length(120),
    body: p.text(),
    setStatus: p.enum(ticketStatuses).nullable(),
    setPriority: p.enum(ticketPriorities).nullable(),
    addTags: p.json<string[]>(),
    shared: p.boolean().default(false),
    owner: () => p.manyToOne(User).deleteRule('cascade'),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});

export class CannedResponse extends CannedResponseSchema.class {}
CannedResponseSchema.setClass(CannedResponse);
