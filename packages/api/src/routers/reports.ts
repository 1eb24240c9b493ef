import { router } from '../trpc.ts';

/** Placeholder: filled in by the reports work. */
export const reportsRouter = router({});
