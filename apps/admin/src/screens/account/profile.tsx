import { requestEmailChangeInput, updateProfileInput } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouteContext, useRouter } from '@tanstack/react-router';
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
      <NameForm name={me.name} />
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
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

/** My name as others see it next to my messages; the navigation follows at once. */
function NameForm({ name }: { name: string }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const form = useZodForm(updateProfileInput);
  const save = useMutation(
    trpc.account.updateProfile.mutationOptions({
      onSuccess: async (me) => {
        queryClient.setQueryData(trpc.auth.me.queryKey(), me);
        await router.invalidate();
      },
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = form.validate(formValues(event.currentTarget));
    if (input) save.mutate(input);
  };
  return (
    <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
      <Field label="Name" error={form.errors.name} className="min-w-0 flex-1">
        <Input name="name" defaultValue={name} autoComplete="name" required maxLength={120} />
      </Field>
      <Button type="submit" variant="secondary" busy={save.isPending}>
        Save name
      </Button>
      <div className="w-full">
        {save.isSuccess ? <Alert tone="success">Your name is now {save.data.name}.</Alert> : null}
        <MutationAlert error={save.error} />
      </div>
    </form>
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
