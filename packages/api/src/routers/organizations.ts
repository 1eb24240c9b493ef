import { router } from '../trpc.ts';

/** Placeholder: filled in by the organizations work. */
export const organizationsRouter = router({});
