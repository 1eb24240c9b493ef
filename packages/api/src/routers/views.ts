import { router } from '../trpc.ts';

/** Placeholder: filled in by the views work. */
export const viewsRouter = router({});
