import { completeTwoFactorSignInInput, signInInput } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createRoute, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { errorCode, errorMessage } from '../../lib/errors.ts';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { publicLayoutRoute } from '../../routes/layout.tsx';
import { AuthCard } from './auth-card.tsx';

interface SignInSearch {
  redirect?: string;
  ended?: boolean;
}

export const signInRoute = createRoute({
  getParentRoute: () => publicLayoutRoute,
  path: '/sign-in',
  validateSearch: (search: Record<string, unknown>): SignInSearch => ({
    ...(typeof search.redirect === 'string' &&
    search.redirect.startsWith('/') &&
    !search.redirect.startsWith('//')
      ? { redirect: search.redirect }
      : {}),
    ...(search.ended === true || search.ended === 'true' ? { ended: true } : {}),
  }),
  component: SignInScreen,
});

function SignInScreen() {
  const { redirect, ended } = signInRoute.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [challenge, setChallenge] = useState<string>();

  const enter = async () => {
    await queryClient.invalidateQueries();
    queryClient.removeQueries();
    // `redirect` is a path inside the dashboard (checked above), never another site.
    await navigate({ href: redirect ?? '/admin/', replace: true });
  };

  return (
    <AuthCard title={challenge ? 'Two-factor sign-in' : 'Sign in'}>
      {ended && !challenge ? (
        <div className="mb-4">
          <Alert tone="info">Your session ended. Sign in again to continue.</Alert>
        </div>
      ) : null}
      {challenge ? (
        <SecondFactorForm challenge={challenge} onDone={enter} onRestart={() => setChallenge(undefined)} />
      ) : (
        <PasswordForm
          onDone={(result) => (result.twoFactorRequired ? setChallenge(result.challenge) : enter())}
        />
      )}
    </AuthCard>
  );
}

function PasswordForm({
  onDone,
}: {
  onDone: (result: { twoFactorRequired: false } | { twoFactorRequired: true; challenge: string }) => void;
}) {
  const form = useZodForm(signInInput);
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: (result) => onDone(result as Parameters<typeof onDone>[0]),
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = form.validate(formValues(event.currentTarget));
    if (input) signIn.mutate(input);
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field label="Email" error={form.errors.email}>
        <Input name="email" type="email" autoComplete="username" required autoFocus />
      </Field>
      <Field label="Password" error={form.errors.password}>
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      {signIn.error && errorCode(signIn.error) !== 'BAD_REQUEST' ? (
        <Alert>{errorMessage(signIn.error)}</Alert>
      ) : null}
      <Button type="submit" className="w-full" busy={signIn.isPending}>
        Sign in
      </Button>
      <p className="text-center text-sm">
        <Link to="/forgot-password" className="text-blue-800 underline">
          Forgot your password?
        </Link>
      </p>
    </form>
  );
}

function SecondFactorForm({
  challenge,
  onDone,
  onRestart,
}: {
  challenge: string;
  onDone: () => void;
  onRestart: () => void;
}) {
  const [useRecovery, setUseRecovery] = useState(false);
  const form = useZodForm(completeTwoFactorSignInInput);
  const complete = useMutation(
    trpc.twoFactor.completeSignIn.mutationOptions({
      onSuccess: () => onDone(),
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const input = form.validate(
      useRecovery
        ? { challenge, recoveryCode: values.recoveryCode?.trim() }
        : { challenge, code: values.code?.replace(/\s/g, '') },
    );
    if (input) complete.mutate(input);
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {useRecovery ? (
        <Field
          label="Recovery code"
          error={form.errors.recoveryCode ?? form.errors._form}
          hint="One of the codes you saved when you turned on two-factor sign-in."
        >
          <Input name="recoveryCode" autoComplete="off" autoFocus required />
        </Field>
      ) : (
        <Field label="Code from your authenticator app" error={form.errors.code ?? form.errors._form}>
          <Input name="code" inputMode="numeric" autoComplete="one-time-code" autoFocus required />
        </Field>
      )}
      {complete.error && errorCode(complete.error) !== 'BAD_REQUEST' ? (
        <Alert>{errorMessage(complete.error)}</Alert>
      ) : null}
      <Button type="submit" className="w-full" busy={complete.isPending}>
        Verify
      </Button>
      <div className="flex justify-between text-sm">
        <button
          type="button"
          className="text-blue-800 underline"
          onClick={() => setUseRecovery((value) => !value)}
        >
          {useRecovery ? 'Use an app code' : 'Use a recovery code'}
        </button>
        <button type="button" className="text-blue-800 underline" onClick={onRestart}>
          Start over
        </button>
      </div>
    </form>
  );
}
