import type { RouterInputs, RouterOutputs } from '@helpdesk/client';
import { updateTicketInput } from '@helpdesk/validators';
import { type QueryClient, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorCode } from '../../lib/errors.ts';
import { useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';

export type Ticket = RouterOutputs['tickets']['get'];
type Summary = RouterOutputs['tickets']['update'];
export type TicketChanges = Omit<RouterInputs['tickets']['update'], 'id' | 'version'>;

/** Live events bring others' changes at once; the interval and the focus refetch are the safety net. */
export const LIVE = { refetchInterval: 30_000, refetchOnWindowFocus: true } as const;

/** A change (or a reply) the server refused because the ticket moved on under it. */
export interface Conflict {
  /** What the user tried, in words: "Status: Solved", "your reply". */
  label: string;
  /** What to send again on the latest version; null for a reply, whose draft stays in the composer. */
  changes: TicketChanges | null;
  /** Set once the latest version has been loaded, when re-applying makes sense. */
  reloaded: boolean;
}

/** Every query a change to this ticket can make stale, and nothing else. */
export function invalidateTicket(queryClient: QueryClient, ticket: Pick<Ticket, 'id' | 'requester'>) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.tickets.get.queryKey({ id: ticket.id }) }),
    queryClient.invalidateQueries({ queryKey: trpc.tickets.timeline.queryKey({ id: ticket.id }) }),
    queryClient.invalidateQueries({ queryKey: trpc.tickets.list.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.views.counts.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.customers.get.queryKey({ id: ticket.requester.id }) }),
  ]);
}

/** Shows the server's answer at once (its new version above all) while the full detail refetches. */
export function mergeSummary(queryClient: QueryClient, summary: Summary) {
  queryClient.setQueryData(trpc.tickets.get.queryKey({ id: summary.id }), (old) =>
    old ? { ...old, ...summary } : old,
  );
}

/**
 * The one place a ticket is changed: every edit carries the version the user saw, so a change
 * made meanwhile by someone else answers CONFLICT instead of being overwritten. One mutation for
 * the whole screen, so two quick edits never race each other's versions.
 */
export function useTicketEditor(ticket: Ticket, meId: string) {
  const queryClient = useQueryClient();
  const form = useZodForm(updateTicketInput);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [reloading, setReloading] = useState(false);

  const onSuccess = (summary: Summary) => {
    mergeSummary(queryClient, summary);
    setConflict(null);
    return invalidateTicket(queryClient, ticket);
  };
  const onError = (label: string, changes: TicketChanges) => (error: unknown) => {
    if (errorCode(error) === 'CONFLICT') setConflict({ label, changes, reloaded: false });
    else form.showServerErrors(error);
  };
  const update = useMutation(trpc.tickets.update.mutationOptions({ onSuccess }));
  const take = useMutation(trpc.tickets.take.mutationOptions({ onSuccess }));
  const closed = ticket.status === 'closed';

  /** `version` when the caller knows a newer one than this render (right after its own reply). */
  const save = (
    changes: TicketChanges,
    label: string,
    options: { version?: number; onSaved?: () => void } = {},
  ) => {
    const input = form.validate({ id: ticket.id, version: options.version ?? ticket.version, ...changes });
    if (input) update.mutate(input, { onError: onError(label, changes), onSuccess: options.onSaved });
  };

  /** The values being saved, shown in place until the server answers. */
  const pending: TicketChanges | undefined = update.isPending
    ? update.variables
    : take.isPending
      ? { assigneeId: meId }
      : undefined;

  return {
    ticket,
    closed,
    errors: form.errors,
    busy: update.isPending || take.isPending,
    pending,
    /** A failure that is neither a field error nor a conflict, for an Alert. */
    error: [update.error, take.error].find(
      (error) => error && errorCode(error) !== 'CONFLICT' && errorCode(error) !== 'BAD_REQUEST',
    ),
    updating: update.isPending,
    taking: take.isPending,
    conflict,
    reloading,
    save,
    take: () =>
      take.mutate(
        { id: ticket.id, version: ticket.version },
        { onError: onError('Assignee: you', { assigneeId: meId }) },
      ),
    reportConflict: (label: string) => setConflict({ label, changes: null, reloaded: false }),
    /** Loads the latest version; the user's unsent change stays in the conflict to re-apply. */
    async reload() {
      setReloading(true);
      try {
        await invalidateTicket(queryClient, ticket);
        setConflict((current) => (current ? { ...current, reloaded: true } : current));
      } finally {
        setReloading(false);
      }
    },
    reapply() {
      if (conflict?.changes) save(conflict.changes, conflict.label);
    },
    dismissConflict: () => setConflict(null),
  };
}

export type TicketEditor = ReturnType<typeof useTicketEditor>;
