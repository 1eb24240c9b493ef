import type { ReactNode } from 'react';
import { errorCode, errorMessage, fieldErrors } from '../../lib/errors.ts';
import { Button } from './button.tsx';

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span role="status" className="inline-flex items-center gap-2 text-sm text-slate-600">
      <span
        aria-hidden
        className="size-4 animate-spin rounded-full border-2 border-slate-400 border-t-transparent"
      />
      {label}…
    </span>
  );
}

/** What a screen shows while its data loads. */
export function LoadingState({ label }: { label?: string }) {
  return (
    <div className="flex min-h-32 items-center justify-center p-6" data-state="loading">
      <Spinner {...(label ? { label } : {})} />
    </div>
  );
}

/** What a screen shows when there is nothing yet, with what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 p-8 text-center" data-state="empty">
      <p className="font-medium text-slate-800">{title}</p>
      {children ? <div className="mt-2 text-sm text-slate-600">{children}</div> : null}
    </div>
  );
}

/** A failed load, with its reason and a way to try again. */
export function ErrorState({ error, retry }: { error: unknown; retry?: () => void }) {
  return (
    <div
      role="alert"
      className="rounded-lg border border-red-300 bg-red-50 p-4 text-sm text-red-800"
      data-state="error"
    >
      <p>{errorMessage(error)}</p>
      {retry ? (
        <Button variant="secondary" size="sm" className="mt-3" onClick={retry}>
          Try again
        </Button>
      ) : null}
    </div>
  );
}

/** A message under a form or action: errors are announced, notices are polite. */
export function Alert({
  tone = 'error',
  children,
}: {
  tone?: 'error' | 'success' | 'info';
  children: ReactNode;
}) {
  const tones = {
    error: 'border-red-300 bg-red-50 text-red-800',
    success: 'border-green-300 bg-green-50 text-green-800',
    info: 'border-blue-300 bg-blue-50 text-blue-900',
  };
  return (
    <div
      role={tone === 'error' ? 'alert' : 'status'}
      className={`rounded-md border p-3 text-sm ${tones[tone]}`}
    >
      {children}
    </div>
  );
}

/**
 * A failed mutation's message, unless the form already shows it next to its fields (a BAD_REQUEST
 * with field errors): nothing is said twice, and nothing is swallowed.
 */
export function MutationAlert({ error }: { error: unknown }) {
  if (!error) return null;
  if (errorCode(error) === 'BAD_REQUEST' && Object.keys(fieldErrors(error)).length > 0) return null;
  return <Alert>{errorMessage(error)}</Alert>;
}
