import type { Me } from '@helpdesk/client';
import { useRouteContext } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Badge, Card, PageHeader } from '../../components/ui/layout.tsx';
import { Alert, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { errorCode } from '../../lib/errors.ts';

/** The signed-in person, as the signed-in layout loaded them. */
export function useMe(): Me {
  return useRouteContext({ from: '/app' }).me;
}

/** What a non-admin sees instead of a screen whose every request the API would refuse. */
export function AdminsOnlyNotice({ what }: { what: string }) {
  return (
    <Alert tone="info">
      Only admins can {what}. Ask an admin of your desk if something here needs to change.
    </Alert>
  );
}

/**
 * The frame of an admin-only screen. Agents get the notice up front rather than a screen of
 * FORBIDDEN errors; the API stays the judge (see `Loaded`).
 */
export function AdminScreen({
  title,
  description,
  what,
  actions,
  children,
}: {
  title: string;
  description: string;
  /** Completes "Only admins can …". */
  what: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const isAdmin = useMe().role === 'admin';
  return (
    <>
      <PageHeader title={title} description={description} actions={isAdmin ? actions : undefined} />
      {isAdmin ? <div className="space-y-6">{children}</div> : <AdminsOnlyNotice what={what} />}
    </>
  );
}

export interface QueryLike<T> {
  data: T | undefined;
  error: unknown;
  refetch: () => unknown;
}

/**
 * A query's loading and failure states, or its data. A FORBIDDEN answer (the role changed since
 * the page loaded) reads as the admins-only notice, not as a failure to retry.
 */
export function Loaded<T>({
  query,
  label,
  what = 'see this',
  children,
}: {
  query: QueryLike<T>;
  label?: string;
  what?: string;
  children: (data: T) => ReactNode;
}) {
  if (query.data !== undefined) return children(query.data);
  if (query.error) {
    if (errorCode(query.error) === 'FORBIDDEN') return <AdminsOnlyNotice what={what} />;
    return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  }
  return <LoadingState label={label ?? 'Loading'} />;
}

/** The API's reason without the field prefix it gives rule errors (`userId: Ask another admin…`). */

/** A row's buttons, each named for its row for screen readers ("Edit Billing"). */
export function RowActions({ children }: { children: ReactNode }) {
  return <div className="flex justify-end gap-2">{children}</div>;
}

export function ActiveBadge({ active }: { active: boolean }) {
  return active ? <Badge tone="green">Active</Badge> : <Badge>Inactive</Badge>;
}

/** A card listing one kind of configuration, with its "New …" button and the last change's notice. */
export function ListCard({
  title,
  newLabel,
  onNew,
  notice,
  children,
}: {
  title: string;
  newLabel: string;
  onNew: () => void;
  notice: string | undefined;
  children: ReactNode;
}) {
  return (
    <Card
      title={title}
      actions={
        <Button size="sm" onClick={onNew}>
          {newLabel}
        </Button>
      }
    >
      <div className="space-y-3">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        {children}
      </div>
    </Card>
  );
}
