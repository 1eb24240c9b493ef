import { router } from '../trpc.ts';

/** Placeholder: filled in by the notifications work. */
export const notificationsRouter = router({});
