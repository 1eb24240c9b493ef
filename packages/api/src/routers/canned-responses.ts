import { router } from '../trpc.ts';

/** Placeholder: filled in by the cannedResponses work. */
export const cannedResponsesRouter = router({});
