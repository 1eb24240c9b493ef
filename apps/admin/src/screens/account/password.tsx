import { changePasswordInput } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Card } from '../../components/ui/layout.tsx';
import { Alert, MutationAlert } from '../../components/ui/states.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { NewPasswordFields, validateNewPassword } from '../auth/new-password-fields.tsx';

export function PasswordSection() {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useZodForm(changePasswordInput);
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        formRef.current?.reset();
        return queryClient.invalidateQueries({ queryKey: trpc.account.sessions.queryKey() });
      },
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const input = validateNewPassword(
      form,
      {
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
        signOutOtherSessions: values.signOutOtherSessions === 'on',
      },
      values,
      'newPassword',
    );
    if (input) change.mutate(input);
  };

  const ended = change.data?.otherSessionsEnded ?? 0;
  return (
    <Card title="Password">
      <form ref={formRef} onSubmit={submit} noValidate className="space-y-4">
        <Field label="Current password" error={form.errors.currentPassword}>
          <Input name="currentPassword" type="password" autoComplete="current-password" required />
        </Field>
        <NewPasswordFields name="newPassword" errors={form.errors} />
        <label className="flex items-start gap-2 text-sm text-slate-800">
          <input
            type="checkbox"
            name="signOutOtherSessions"
            defaultChecked
            className="mt-0.5 size-4 accent-blue-700"
          />
          Sign out everywhere else (someone else may know the old password)
        </label>
        {change.isSuccess ? (
          <Alert tone="success">
            Your password was changed.
            {ended ? ` ${ended} other session${ended === 1 ? ' was' : 's were'} signed out.` : ''}
          </Alert>
        ) : null}
        <MutationAlert error={change.error} />
        <Button type="submit" busy={change.isPending}>
          Change password
        </Button>
      </form>
    </Card>
  );
}
