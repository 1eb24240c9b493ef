import { type EntityManager, Notification, type Ticket, User } from '@helpdesk/db';
import type { NotificationKind } from '@helpdesk/validators';

/**
 * Queues an in-app notification for an agent, in the caller's unit of work. Nobody is notified of
 * their own action.
 */
export function notify(
  em: EntityManager,
  input: { userId: string; kind: NotificationKind; ticket: Ticket | null; actorId: string | null; at: Date },
): Notification | null {
  if (input.userId === input.actorId) return null;
  return em.create(Notification, {
    user: em.getReference(User, input.userId),
    kind: input.kind,
    ticket: input.ticket,
    actor: input.actorId ? em.getReference(User, input.actorId) : null,
    createdAt: input.at,
    readAt: null,
  });
}
