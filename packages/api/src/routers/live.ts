import { agentProcedure, router } from '../trpc.ts';

export const liveRouter = router({
  /**
   * Server-sent events naming the tickets that changed, for dashboards to refetch what they show
   * (agents only; events carry ids, never content). Each stream ends after five minutes and the
   * client reconnects, so a revoked session stops listening soon after.
   */
  events: agentProcedure.subscription(async function* ({ ctx, signal }) {
    const source = ctx.config.liveEvents;
    if (!source) return;
    yield* source.stream(signal);
  }),
});
