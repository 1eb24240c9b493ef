import { router } from '../trpc.ts';

/** Placeholder: filled in by the customers work. */
export const customersRouter = router({});
