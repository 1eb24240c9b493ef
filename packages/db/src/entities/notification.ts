import { notificationKinds } from '@helpdesk/validators';
import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { Ticket } from './ticket.ts';
import { User } from './user.ts';

/** An in-app notification for an agent: assigned to you, customer replied, you were mentioned. */
export const NotificationSchema = defineEntity({
  name: 'Notification',
  tableName: 'notifications',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    user: () => p.manyToOne(User).deleteRule('cascade').index(false),
    kind: p.enum(notificationKinds),
    ticket: () => p.manyToOne(Ticket).nullable().deleteRule('cascade'),
    actor: () => p.manyToOne(User).nullable().deleteRule('set null'),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    readAt: p.datetime(3).nullable(),
  },
  // Unread first (and the unread count), and the whole inbox newest first, each from its own index.
  indexes: [
    { name: 'notifications_user_read_created_idx', properties: ['user', 'readAt', 'createdAt', 'id'] },
    { name: 'notifications_user_created_idx', properties: ['user', 'createdAt', 'id'] },
  ],
});

export class Notification extends NotificationSchema.class {}
NotificationSchema.setClass(Notification);
