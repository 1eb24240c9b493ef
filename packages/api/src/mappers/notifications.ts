import type { Notification } from '@helpdesk/db';
import type { NotificationKind } from '@helpdesk/validators';
import { type PersonRef, toPersonRef } from './users.ts';

export interface NotificationView {
  id: string;
  kind: NotificationKind;
  readAt: string | null;
  createdAt: string;
  ticket: { id: string; reference: string; subject: string } | null;
  actor: PersonRef | null;
}

/** The fields a page of notifications loads: `ticket` and `actor` with it, not per row. */
export type LoadedNotification = Pick<Notification, 'id' | 'kind' | 'readAt' | 'createdAt'> & {
  ticket?: { id: string; reference: string; subject: string } | null;
  actor?: { id: string; name: string } | null;
};

export function toNotificationView(notification: LoadedNotification): NotificationView {
  const { ticket, actor } = notification;
  return {
    id: notification.id,
    kind: notification.kind,
    readAt: notification.readAt ? notification.readAt.toISOString() : null,
    createdAt: notification.createdAt.toISOString(),
    ticket: ticket ? { id: ticket.id, reference: ticket.reference, subject: ticket.subject } : null,
    actor: actor ? toPersonRef(actor) : null,
  };
}
