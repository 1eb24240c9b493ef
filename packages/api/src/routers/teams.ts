import { router } from '../trpc.ts';

/** Placeholder: filled in by the teams work. */
export const teamsRouter = router({});
