import { router } from '../trpc.ts';

/** Placeholder: filled in by the audit work. */
export const auditRouter = router({});
