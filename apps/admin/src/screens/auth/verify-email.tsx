import { useMutation } from '@tanstack/react-query';
import { createRoute } from '@tanstack/react-router';
import { trpc } from '../../lib/trpc.ts';
import { publicLayoutRoute } from '../../routes/layout.tsx';
import { LinkConfirmation } from './link-confirmation.tsx';

export const verifyEmailRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/verify-email',
  component: VerifyEmailScreen,
});

function VerifyEmailScreen() {
  const mutation = useMutation(trpc.account.verifyEmail.mutationOptions());
  return (
    <LinkConfirmation
      title="Confirm your email address"
      mutation={mutation}
      success={() => 'Your email address is confirmed. Thank you.'}
      whatNow="Links work for 48 hours, and only for the address the account has now. Sign in and ask for a new link on My account."
    />
  );
}
