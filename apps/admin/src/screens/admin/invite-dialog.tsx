import type { RouterOutputs } from '@helpdesk/client';
import { inviteUserInput, staffRoles } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Dialog } from '../../components/ui/dialog.tsx';
import { EnumOptions, Field, Input, Select } from '../../components/ui/field.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { DialogActions } from './dialog-parts.tsx';
import { FormAlert, placeError } from './form-parts.tsx';

type Invited = RouterOutputs['users']['invite'];

export function InviteDialog({
  open,
  onOpenChange,
  onInvited,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onInvited: (user: Invited) => void;
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Invite an agent"
      description="They get a mail with a link to choose their password; the link works once, for 7 days."
    >
      <InviteForm
        onCancel={() => onOpenChange(false)}
        onInvited={(user) => {
          onOpenChange(false);
          onInvited(user);
        }}
      />
    </Dialog>
  );
}

/** Mounted with the dialog, so each opening starts with an empty form. */
function InviteForm({ onCancel, onInvited }: { onCancel: () => void; onInvited: (user: Invited) => void }) {
  const queryClient = useQueryClient();
  const form = useZodForm(inviteUserInput);
  const invite = useMutation(
    trpc.users.invite.mutationOptions({
      onSuccess: (user) => {
        void queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
        onInvited(user);
      },
      // An address that already has an account (even a deactivated one) is refused: CONFLICT.
      onError: (error) => placeError(form, error, 'email'),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = form.validate(formValues(event.currentTarget));
    if (input) invite.mutate(input);
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field label="Email" error={form.errors.email}>
        <Input name="email" type="email" autoComplete="off" required />
      </Field>
      <Field label="Name" error={form.errors.name}>
        <Input name="name" autoComplete="off" required />
      </Field>
      <Field
        label="Role"
        error={form.errors.role}
        hint="Admins also manage agents, teams and the desk's settings."
      >
        <Select name="role" defaultValue="agent">
          <EnumOptions values={staffRoles} />
        </Select>
      </Field>
      <FormAlert error={invite.error} conflictField="email" />
      <DialogActions onCancel={onCancel} submitLabel="Send invitation" busy={invite.isPending} />
    </form>
  );
}
