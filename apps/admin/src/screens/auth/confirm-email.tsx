import { useMutation } from '@tanstack/react-query';
import { createRoute } from '@tanstack/react-router';
import { trpc } from '../../lib/trpc.ts';
import { publicLayoutRoute } from '../../routes/layout.tsx';
import { LinkConfirmation } from './link-confirmation.tsx';

export const confirmEmailRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/confirm-email',
  component: ConfirmEmailScreen,
});

function ConfirmEmailScreen() {
  const mutation = useMutation(trpc.account.confirmEmailChange.mutationOptions());
  return (
    <LinkConfirmation
      title="Confirm your new email address"
      mutation={mutation}
      success={({ email }) => `Your account now uses ${email}. Sign in with this address from now on.`}
      whatNow="Links work for 24 hours. Sign in with your current address and ask for the change again on My account."
    />
  );
}
