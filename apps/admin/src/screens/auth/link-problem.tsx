import type { ReactNode } from 'react';
import { Alert } from '../../components/ui/states.tsx';

export const MISSING_TOKEN = 'This link is incomplete. Open it from the mail again, with nothing cut off.';
export const INVALID_LINK = 'This link is invalid or has expired.';

/** A mailed link that cannot be used, and what to do instead. */
export function LinkProblem({ message, children }: { message: string | undefined; children: ReactNode }) {
  if (!message) return null;
  return (
    <Alert>
      <p className="font-medium">{message}</p>
      <p className="mt-1">{children}</p>
    </Alert>
  );
}
