import { type EntityManager, type NewNotification, Notification, type Ticket, User } from '@helpdesk/db';
import type { NotificationKind } from '@helpdesk/validators';

export interface NotifyInput {
  userId: string;
  kind: NotificationKind;
  ticket: Ticket | null;
  actorId: string | null;
  at: Date;
}

/** Nobody is notified of their own action. */
const notifies = (input: { userId: string; actorId: string | null }) => input.userId !== input.actorId;

/** Queues an in-app notification for an agent, in the caller's unit of work. */
export function notify(em: EntityManager, input: NotifyInput): Notification | null {
  if (!notifies(input)) return null;
  return em.create(Notification, {
    user: em.getReference(User, input.userId),
    kind: input.kind,
    ticket: input.ticket,
    actor: input.actorId ? em.getReference(User, input.actorId) : null,
    createdAt: input.at,
    readAt: null,
  });
}

/** The same notification as a row for `insertNotifications` (a change written as statements). */
export function notificationRow(
  input: Omit<NotifyInput, 'ticket'> & { ticketId: string | null },
): NewNotification | null {
  if (!notifies(input)) return null;
  const { userId, kind, ticketId, actorId, at } = input;
  return { userId, kind, ticketId, actorId, createdAt: at };
}
