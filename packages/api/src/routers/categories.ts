import { router } from '../trpc.ts';

/** Placeholder: filled in by the categories work. */
export const categoriesRouter = router({});
