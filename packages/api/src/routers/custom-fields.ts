import { router } from '../trpc.ts';

/** Placeholder: filled in by the customFields work. */
export const customFieldsRouter = router({});
