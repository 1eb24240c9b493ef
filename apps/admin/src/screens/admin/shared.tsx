import type { Me } from '@helpdesk/client';
import { useRouteContext } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { PageHeader } from '../../components/ui/layout.tsx';
import { Alert, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { Th } from '../../components/ui/table.tsx';
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

// Visually hidden text is absolutely positioned: inside a sideways-scrolling table it would widen
// the page itself on a phone, unless something in the table is its containing block (`relative`).

export function ActionsHeader() {
  return (
    <Th className="relative">
      <span className="sr-only">Actions</span>
    </Th>
  );
}

/** A row's buttons, each named for its row for screen readers ("Edit Billing"). */
export function RowActions({ children }: { children: ReactNode }) {
  return <div className="relative flex justify-end gap-2">{children}</div>;
}
