import { completeTwoFactorSignInInput, signInInput } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { createRoute, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Alert, MutationAlert } from '../../components/ui/states.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { publicLayoutRoute } from '../../routes/layout.tsx';
import { AuthCard } from './auth-card.tsx';
import { SecondFactorField, SecondFactorSwitch, secondFactorValue } from './second-factor-field.tsx';

/** What the screens that end on sign-in (reset, invitation) tell the person arriving here. */
const notices = {
  'password-reset': 'Your password was changed. Sign in with the new one.',
  'invite-accepted': 'Your password is set. Sign in to start.',
} as const;
type Notice = keyof typeof notices;

interface SignInSearch {
  redirect?: string;
  ended?: boolean;
  notice?: Notice;
  /** Filled in for the person, e.g. after accepting an invitation. */
  email?: string;
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
    ...(typeof search.notice === 'string' && search.notice in notices
      ? { notice: search.notice as Notice }
      : {}),
    ...(typeof search.email === 'string' && search.email.length <= 254 ? { email: search.email } : {}),
  }),
  component: SignInScreen,
});

function SignInScreen() {
  const { redirect, ended, notice, email } = signInRoute.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [challenge, setChallenge] = useState<string>();

  const enter = async () => {
    await queryClient.invalidateQueries();
    queryClient.removeQueries();
    // `redirect` is a path inside the dashboard (checked above), never another site.
    await navigate({ href: redirect ?? '/admin/', replace: true });
  };

  const message = ended ? (
    <Alert tone="info">Your session ended. Sign in again to continue.</Alert>
  ) : notice ? (
    <Alert tone="success">{notices[notice]}</Alert>
  ) : null;

  return (
    <AuthCard title={challenge ? 'Two-factor sign-in' : 'Sign in'}>
      {message && !challenge ? <div className="mb-4">{message}</div> : null}
      {challenge ? (
        <SecondFactorForm challenge={challenge} onDone={enter} onRestart={() => setChallenge(undefined)} />
      ) : (
        <PasswordForm
          email={email}
          onDone={(result) => (result.twoFactorRequired ? setChallenge(result.challenge) : enter())}
        />
      )}
    </AuthCard>
  );
}

function PasswordForm({
  email,
  onDone,
}: {
  email: string | undefined;
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
        <Input
          name="email"
          type="email"
          autoComplete="username"
          defaultValue={email}
          required
          autoFocus={!email}
        />
      </Field>
      <Field label="Password" error={form.errors.password}>
        <Input name="password" type="password" autoComplete="current-password" required autoFocus={!!email} />
      </Field>
      <MutationAlert error={signIn.error} />
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
    const input = form.validate({
      challenge,
      ...secondFactorValue(formValues(event.currentTarget), useRecovery),
    });
    if (input) complete.mutate(input);
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <p className="text-sm text-slate-700">
        {useRecovery
          ? 'Enter one of your recovery codes. Each code works once.'
          : 'Open your authenticator app and enter the 6-digit code it shows for Helpdesk.'}
      </p>
      <SecondFactorField useRecovery={useRecovery} errors={form.errors} autoFocus />
      <MutationAlert error={complete.error} />
      <Button type="submit" className="w-full" busy={complete.isPending}>
        Verify
      </Button>
      <div className="flex justify-between">
        <SecondFactorSwitch
          useRecovery={useRecovery}
          onChange={(value) => {
            setUseRecovery(value);
            form.setErrors({});
          }}
        />
        <button type="button" className="text-sm text-blue-800 underline" onClick={onRestart}>
          Start over
        </button>
      </div>
    </form>
  );
}
