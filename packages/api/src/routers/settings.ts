import { router } from '../trpc.ts';

/** Placeholder: filled in by the settings work. */
export const settingsRouter = router({});
