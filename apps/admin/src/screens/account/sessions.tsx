import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Badge, Card } from '../../components/ui/layout.tsx';
import { Alert, EmptyState, ErrorState, LoadingState, MutationAlert } from '../../components/ui/states.tsx';
import { formatDateTime, timeAgo } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';

/** "Firefox on Windows" from a user agent; enough to recognise one's own devices. */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return 'Unknown device';
  const browser =
    [
      ['Edge', /Edg\//],
      ['Opera', /OPR\//],
      ['Firefox', /Firefox\//],
      ['Chrome', /Chrom(e|ium)\//],
      ['Safari', /Safari\//],
    ].find(([, pattern]) => (pattern as RegExp).test(userAgent))?.[0] ?? 'A browser or script';
  const system =
    [
      ['Android', /Android/],
      ['iPhone', /iPhone/],
      ['iPad', /iPad/],
      ['Windows', /Windows/],
      ['macOS', /Mac OS X/],
      ['ChromeOS', /CrOS/],
      ['Linux', /Linux/],
    ].find(([, pattern]) => (pattern as RegExp).test(userAgent))?.[0] ?? null;
  return system ? `${browser} on ${system}` : String(browser);
}

export function SessionsSection({ className }: { className?: string }) {
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.account.sessions.queryOptions());
  const [confirming, setConfirming] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });
  const revoke = useMutation(trpc.account.revokeSession.mutationOptions({ onSuccess: refresh }));
  const revokeOthers = useMutation(
    trpc.account.revokeOtherSessions.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        return refresh();
      },
    }),
  );

  const others = sessions.data?.filter((session) => !session.current).length ?? 0;
  return (
    <Card
      title="Where you are signed in"
      className={className}
      actions={
        others > 0 ? (
          <Button variant="secondary" size="sm" onClick={() => setConfirming(true)}>
            Sign out all other sessions
          </Button>
        ) : null
      }
    >
      <div className="space-y-3">
        {revoke.isSuccess ? <Alert tone="success">That session is signed out.</Alert> : null}
        {revokeOthers.isSuccess ? (
          <Alert tone="success">
            {revokeOthers.data.revoked} other session{revokeOthers.data.revoked === 1 ? ' was' : 's were'}{' '}
            signed out.
          </Alert>
        ) : null}
        <MutationAlert error={revoke.error} />
        {sessions.isPending ? (
          <LoadingState label="Loading sessions" />
        ) : sessions.isError ? (
          <ErrorState error={sessions.error} retry={() => void sessions.refetch()} />
        ) : sessions.data.length === 0 ? (
          <EmptyState title="No sessions">Signing in on a device starts one.</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200" aria-label="Sessions">
            {sessions.data.map((session) => (
              <li key={session.id} className="flex flex-wrap items-center justify-between gap-3 p-3">
                <div id={`session-${session.id}`} className="min-w-0 text-sm">
                  <p className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                    {describeDevice(session.userAgent)}
                    {session.current ? <Badge tone="green">This device</Badge> : null}
                  </p>
                  <p className="text-slate-700">
                    {session.ip ?? 'Unknown address'} · last active{' '}
                    <time dateTime={session.lastActiveAt} title={formatDateTime(session.lastActiveAt)}>
                      {timeAgo(session.lastActiveAt)}
                    </time>{' '}
                    · signed in {formatDateTime(session.createdAt)}
                  </p>
                </div>
                {session.current ? null : (
                  <Button
                    variant="secondary"
                    size="sm"
                    busy={revoke.isPending && revoke.variables.id === session.id}
                    onClick={() => revoke.mutate({ id: session.id })}
                    aria-describedby={`session-${session.id}`}
                  >
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </div>
      {confirming ? (
        <ConfirmDialog
          title="Sign out all other sessions?"
          description="Every other browser and device signed in as you is signed out at once. This one stays signed in."
          confirmLabel="Sign out others"
          busy={revokeOthers.isPending}
          error={revokeOthers.error}
          onConfirm={() => revokeOthers.mutate()}
          onCancel={() => setConfirming(false)}
        />
      ) : null}
    </Card>
  );
}
