import { acceptInviteInput } from '@helpdesk/validators';
import { useMutation } from '@tanstack/react-query';
import { createRoute, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { MutationAlert } from '../../components/ui/states.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { publicLayoutRoute } from '../../routes/layout.tsx';
import { AuthCard } from './auth-card.tsx';
import { BackToSignIn } from './forgot-password.tsx';
import { INVALID_LINK, LinkProblem, MISSING_TOKEN } from './link-problem.tsx';
import { linkToken } from './link-token.ts';
import { NewPasswordFields, validateNewPassword } from './new-password-fields.tsx';

export const acceptInviteRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/accept-invite',
  component: AcceptInviteScreen,
});

const ASK_AGAIN =
  'Ask the administrator who invited you to send a new invitation; each one works for 7 days.';

function AcceptInviteScreen() {
  const [token] = useState(linkToken);
  const navigate = useNavigate();
  const form = useZodForm(acceptInviteInput);
  const accept = useMutation(
    trpc.account.acceptInvite.mutationOptions({
      // The API starts no session here: the person signs in with the address it answers.
      onSuccess: ({ email }) =>
        navigate({ to: '/sign-in', search: { notice: 'invite-accepted', email }, replace: true }),
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const input = validateNewPassword(form, { token, password: values.password }, values, 'password');
    if (input) accept.mutate(input);
  };

  return (
    <AuthCard title="Accept your invitation">
      {token ? (
        <form onSubmit={submit} noValidate className="space-y-4">
          <p className="text-sm text-slate-700">
            Welcome to the support team. Choose the password you will sign in with.
          </p>
          <NewPasswordFields name="password" label="Password" errors={form.errors} />
          <LinkProblem message={form.errors.token ? INVALID_LINK : undefined}>{ASK_AGAIN}</LinkProblem>
          <MutationAlert error={accept.error} />
          <Button type="submit" className="w-full" busy={accept.isPending}>
            Set password
          </Button>
        </form>
      ) : (
        <div className="space-y-4">
          <LinkProblem message={MISSING_TOKEN}>{ASK_AGAIN}</LinkProblem>
          <BackToSignIn />
        </div>
      )}
    </AuthCard>
  );
}
