import { resetPasswordInput } from '@helpdesk/validators';
import { useMutation } from '@tanstack/react-query';
import { createRoute, Link, useNavigate } from '@tanstack/react-router';
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

export const resetPasswordRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/reset-password',
  component: ResetPasswordScreen,
});

function ResetPasswordScreen() {
  const [token] = useState(linkToken);
  const navigate = useNavigate();
  const form = useZodForm(resetPasswordInput);
  const reset = useMutation(
    trpc.account.resetPassword.mutationOptions({
      // No session comes with a reset (a leaked link must not hand one over): sign in next.
      onSuccess: () => navigate({ to: '/sign-in', search: { notice: 'password-reset' }, replace: true }),
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const input = validateNewPassword(form, { token, password: values.password }, values, 'password');
    if (input) reset.mutate(input);
  };

  const askAgain = (
    <>
      <Link to="/forgot-password" className="underline">
        Ask for a new link
      </Link>
      ; it works for one hour.
    </>
  );
  return (
    <AuthCard title="Choose a new password">
      {token ? (
        <form onSubmit={submit} noValidate className="space-y-4">
          <p className="text-sm text-slate-700">
            After the change, every device signed in to your account is signed out.
          </p>
          <NewPasswordFields name="password" errors={form.errors} />
          <LinkProblem message={form.errors.token ? INVALID_LINK : undefined}>{askAgain}</LinkProblem>
          <MutationAlert error={reset.error} />
          <Button type="submit" className="w-full" busy={reset.isPending}>
            Set new password
          </Button>
          <BackToSignIn />
        </form>
      ) : (
        <div className="space-y-4">
          <LinkProblem message={MISSING_TOKEN}>{askAgain}</LinkProblem>
          <BackToSignIn />
        </div>
      )}
    </AuthCard>
  );
}
