import { requestEmailChangeInput } from '@helpdesk/validators';
import { useMutation } from '@tanstack/react-query';
import { useRouteContext } from '@tanstack/react-router';
import { type FormEvent, useRef } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Card } from '../../components/ui/layout.tsx';
import { Alert, MutationAlert } from '../../components/ui/states.tsx';
import { humanize } from '../../lib/format.ts';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';

export function ProfileSection() {
  const { me } = useRouteContext({ from: '/app' });
  return (
    <Card title="Profile">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
        <dt className="font-medium text-slate-700">Name</dt>
        <dd className="text-slate-900">{me.name}</dd>
        <dt className="font-medium text-slate-700">Email</dt>
        <dd className="break-all text-slate-900">{me.email}</dd>
        <dt className="font-medium text-slate-700">Role</dt>
        <dd className="text-slate-900">{humanize(me.role)}</dd>
      </dl>
      <ResendVerification />
      <EmailChangeForm currentEmail={me.email} />
    </Card>
  );
}

function ResendVerification() {
  const resend = useMutation(trpc.account.resendVerification.mutationOptions());
  return (
    <div className="mt-4 space-y-2">
      <Button variant="secondary" size="sm" busy={resend.isPending} onClick={() => resend.mutate()}>
        Mail me a link to confirm my address
      </Button>
      {resend.data ? (
        <Alert tone="success">
          {resend.data.sent
            ? 'A confirmation link is on its way. It works for 48 hours.'
            : 'Your address is already confirmed.'}
        </Alert>
      ) : null}
      <MutationAlert error={resend.error} />
    </div>
  );
}

function EmailChangeForm({ currentEmail }: { currentEmail: string }) {
  const formRef = useRef<HTMLFormElement>(null);
  const form = useZodForm(requestEmailChangeInput);
  const change = useMutation(
    trpc.account.requestEmailChange.mutationOptions({
      onSuccess: () => formRef.current?.reset(),
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = form.validate(formValues(event.currentTarget));
    if (input) change.mutate(input);
  };
  return (
    <form
      ref={formRef}
      onSubmit={submit}
      noValidate
      className="mt-6 space-y-4 border-t border-slate-200 pt-4"
    >
      <h3 className="font-semibold text-slate-900">Change email address</h3>
      <p className="text-sm text-slate-700">
        We mail a link to the new address; nothing changes until you open it.
      </p>
      <Field label="New email address" error={form.errors.newEmail}>
        <Input name="newEmail" type="email" autoComplete="email" required />
      </Field>
      <Field label="Current password" error={form.errors.password} hint="To be sure it is you.">
        <Input name="password" type="password" autoComplete="current-password" required />
      </Field>
      {change.isSuccess ? (
        <Alert tone="success">
          Open the link we sent to {change.variables.newEmail} within 24 hours. Until then you sign in with{' '}
          {currentEmail}.
        </Alert>
      ) : null}
      <MutationAlert error={change.error} />
      <Button type="submit" busy={change.isPending}>
        Send confirmation link
      </Button>
    </form>
  );
}
