import { router } from '../trpc.ts';

/** Placeholder: filled in by the users work. */
export const usersRouter = router({});
