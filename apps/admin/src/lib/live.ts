import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useRef } from 'react';
import { trpc } from './trpc.ts';

/**
 * Keeps every open screen current without reloads or fast polling: the server announces which
 * tickets changed (server-sent events, across instances through Redis) and the screens showing
 * tickets, view counts or reports refetch, batched over a short window so a bulk change causes
 * one refetch, not hundreds.
 */
export function useLiveUpdates(enabled: boolean) {
  const queryClient = useQueryClient();
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  return useSubscription(
    trpc.live.events.subscriptionOptions(undefined, {
      enabled,
      onData: () => {
        if (pending.current) return;
        pending.current = setTimeout(() => {
          pending.current = undefined;
          for (const key of [trpc.tickets.pathKey(), trpc.views.pathKey(), trpc.reports.pathKey()])
            void queryClient.invalidateQueries({ queryKey: key });
        }, 250);
      },
    }),
  );
}
