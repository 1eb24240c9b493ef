import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useRef } from 'react';
import { trpc } from './trpc.ts';

/** Lists and counts follow a change almost at once; a burst (a bulk change) is one refetch. */
const BATCH_MS = 250;
/**
 * Reports are aggregates over the whole desk: on a busy desk every agent's home screen would
 * re-run them on every change. They follow at once after a quiet spell, then at most this often.
 */
const REPORTS_EVERY_MS = 30_000;

/**
 * Keeps every open screen current without reloads or fast polling: the server announces which
 * tickets changed (server-sent events, across instances through Redis) and the screens showing
 * tickets, view counts or reports refetch what changed.
 */
export function useLiveUpdates(enabled: boolean) {
  const queryClient = useQueryClient();
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reportsRefreshedAt = useRef(0);
  return useSubscription(
    trpc.live.events.subscriptionOptions(undefined, {
      enabled,
      onData: () => {
        if (pending.current) return;
        pending.current = setTimeout(() => {
          pending.current = undefined;
          const keys = [trpc.tickets.pathKey(), trpc.views.pathKey()];
          if (Date.now() - reportsRefreshedAt.current >= REPORTS_EVERY_MS) {
            reportsRefreshedAt.current = Date.now();
            keys.push(trpc.reports.pathKey());
          }
          for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
        }, BATCH_MS);
      },
    }),
  );
}
