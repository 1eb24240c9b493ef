import { oneTimeTokenSchema } from '@helpdesk/validators';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Alert, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { errorCode } from '../../lib/errors.ts';
import { AuthCard } from './auth-card.tsx';
import { INVALID_LINK, LinkProblem, MISSING_TOKEN } from './link-problem.tsx';
import { linkToken } from './link-token.ts';

interface TokenMutation<Data> {
  mutate: (input: { token: string }) => void;
  status: 'idle' | 'pending' | 'success' | 'error';
  data: Data | undefined;
  error: unknown;
}

/**
 * A mailed link that needs no form (verify an address, confirm an address change): it is spent
 * as soon as the screen opens, and the screen tells how that went.
 */
export function LinkConfirmation<Data>({
  title,
  mutation,
  success,
  whatNow,
}: {
  title: string;
  mutation: TokenMutation<Data>;
  success: (data: Data) => ReactNode;
  /** What to do when the link cannot be used. */
  whatNow: ReactNode;
}) {
  const [token] = useState(linkToken);
  const valid = oneTimeTokenSchema.safeParse(token).success;
  const sent = useRef(false);
  const { mutate } = mutation;

  useEffect(() => {
    // The token works once: a second call (Strict Mode's re-run of effects) would only fail.
    if (!valid || sent.current) return;
    sent.current = true;
    mutate({ token });
  }, [valid, token, mutate]);

  let body: ReactNode;
  if (!valid) body = <LinkProblem message={token ? INVALID_LINK : MISSING_TOKEN}>{whatNow}</LinkProblem>;
  else if (mutation.status === 'success' && mutation.data !== undefined)
    body = (
      <div className="space-y-4">
        <Alert tone="success">{success(mutation.data)}</Alert>
        <p className="text-center text-sm">
          <Link to="/" className="text-blue-800 underline">
            Go to the dashboard
          </Link>
        </p>
      </div>
    );
  else if (mutation.status === 'error' && errorCode(mutation.error) === 'BAD_REQUEST')
    body = <LinkProblem message={INVALID_LINK}>{whatNow}</LinkProblem>;
  else if (mutation.status === 'error')
    body = <ErrorState error={mutation.error} retry={() => mutate({ token })} />;
  else body = <LoadingState label="Checking the link" />;

  return <AuthCard title={title}>{body}</AuthCard>;
}
