import { listNotificationsInput, markNotificationsReadInput } from '@helpdesk/validators';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotificationsRead,
  unreadCount,
} from '../rules/notifications-inbox.ts';
import { authedProcedure, router, syncInput } from '../trpc.ts';

/** Any signed-in user may ask; only agents ever receive notifications. */
export const notificationsRouter = router({
  /** Mine, newest first, keyset-paginated; with the unread count. */
  list: authedProcedure
    .input(syncInput(listNotificationsInput))
    .query(({ ctx, input }) => listNotifications(ctx.em, ctx.actor, input)),

  unreadCount: authedProcedure.query(async ({ ctx }) => ({ count: await unreadCount(ctx.em, ctx.actor) })),

  /** Up to 100 of mine; anyone else's ids are ignored. */
  markRead: authedProcedure
    .input(syncInput(markNotificationsReadInput))
    .mutation(({ ctx, input }) => markNotificationsRead(ctx.em, ctx.actor, input.ids, ctx.now())),

  markAllRead: authedProcedure.mutation(({ ctx }) => markAllNotificationsRead(ctx.em, ctx.actor, ctx.now())),
});
