import { requestPasswordResetInput } from '@helpdesk/validators';
import { useMutation } from '@tanstack/react-query';
import { createRoute, Link } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Alert, MutationAlert } from '../../components/ui/states.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { publicLayoutRoute } from '../../routes/layout.tsx';
import { AuthCard } from './auth-card.tsx';

export const forgotPasswordRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/forgot-password',
  component: ForgotPasswordScreen,
});

function ForgotPasswordScreen() {
  const form = useZodForm(requestPasswordResetInput);
  const request = useMutation(
    trpc.account.requestPasswordReset.mutationOptions({
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = form.validate(formValues(event.currentTarget));
    if (input) request.mutate(input);
  };

  return (
    <AuthCard title="Reset your password">
      {request.isSuccess ? (
        // The server answers the same for unknown addresses, so this must not claim a mail was sent.
        <div className="space-y-4">
          <Alert tone="success">
            If {request.variables.email} belongs to an account, a link to choose a new password is on its way.
            The link works once, for one hour.
          </Alert>
          <p className="text-sm text-slate-700">
            No mail after a few minutes? Check the spam folder, or{' '}
            <button type="button" className="text-blue-800 underline" onClick={() => request.reset()}>
              try another address
            </button>
            .
          </p>
          <BackToSignIn />
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="space-y-4">
          <p className="text-sm text-slate-700">
            Enter the address you sign in with and we will mail you a link to choose a new password.
          </p>
          <Field label="Email" error={form.errors.email}>
            <Input name="email" type="email" autoComplete="username" required autoFocus />
          </Field>
          <MutationAlert error={request.error} />
          <Button type="submit" className="w-full" busy={request.isPending}>
            Send reset link
          </Button>
          <BackToSignIn />
        </form>
      )}
    </AuthCard>
  );
}

export function BackToSignIn() {
  return (
    <p className="text-center text-sm">
      <Link to="/sign-in" className="text-blue-800 underline">
        Back to sign in
      </Link>
    </p>
  );
}
