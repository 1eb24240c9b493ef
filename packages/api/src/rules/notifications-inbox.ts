import { type EntityManager, Notification } from '@helpdesk/db';
import type { ListNotificationsQuery } from '@helpdesk/validators';
import type { Actor } from '../context.ts';
import { type NotificationView, toNotificationView } from '../mappers/notifications.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from './cursor.ts';

/**
 * What a user reads of the notifications the ticket rules queue (`notify` in `notifications.ts`).
 * Everyone may ask; only agents ever receive any. Others' notifications do not exist for anyone.
 */
export interface NotificationPage {
  items: NotificationView[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
  unreadCount: number;
}

// The cursor is the ticket list's `created` keyset cursor: the same (time, id) pair, newest first.
const CURSOR_KIND = 'created';

/** Newest first, keyset-paginated over (created_at, id): no gaps or repeats while new ones arrive. */
export async function listNotifications(
  em: EntityManager,
  actor: Actor,
  query: ListNotificationsQuery,
): Promise<NotificationPage> {
  const after = query.cursor ? decodeKeysetCursor(query.cursor, CURSOR_KIND) : null;
  const afterAt = after ? new Date(after[0] as number) : null;
  const rows = await em.find(
    Notification,
    {
      user: actor.id,
      ...(query.unreadOnly ? { readAt: null } : {}),
      ...(after
        ? { $or: [{ createdAt: { $lt: afterAt } }, { createdAt: afterAt, id: { $lt: after[1] as string } }] }
        : {}),
    },
    {
      orderBy: { createdAt: 'desc', id: 'desc' },
      limit: query.limit + 1,
      // Ticket and actor come with the page (a join or one batched query each), never one per row.
      populate: ['ticket', 'actor'],
      fields: ['kind', 'createdAt', 'readAt', 'ticket.reference', 'ticket.subject', 'actor.name'],
    },
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toNotificationView),
    nextCursor:
      rows.length > query.limit && last
        ? encodeKeysetCursor(CURSOR_KIND, [last.createdAt.getTime(), last.id])
        : null,
    unreadCount: await unreadCount(em, actor),
  };
}

export function unreadCount(em: EntityManager, actor: Actor): Promise<number> {
  return em.count(Notification, { user: actor.id, readAt: null });
}

/** Marks some of my notifications read; ids of anyone else's (or unknown ones) are ignored. */
export async function markNotificationsRead(
  em: EntityManager,
  actor: Actor,
  ids: readonly string[],
  now = new Date(),
): Promise<{ marked: number; unreadCount: number }> {
  // One statement: all of them or none.
  const marked = await em.nativeUpdate(
    Notification,
    { id: { $in: [...new Set(ids)] }, user: actor.id, readAt: null },
    { readAt: now },
  );
  return { marked, unreadCount: await unreadCount(em, actor) };
}

export async function markAllNotificationsRead(
  em: EntityManager,
  actor: Actor,
  now = new Date(),
): Promise<{ marked: number; unreadCount: number }> {
  const marked = await em.nativeUpdate(Notification, { user: actor.id, readAt: null }, { readAt: now });
  return { marked, unreadCount: 0 };
}
