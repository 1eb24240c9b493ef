import type { RouterOutputs } from '@helpdesk/client';
import { createOrganizationInput, updateOrganizationInput } from '@helpdesk/validators';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Dialog } from '../../components/ui/dialog.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { errorCode, errorMessage } from '../../lib/errors.ts';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { queryClient, trpc } from '../../lib/trpc.ts';

export type Organization = RouterOutputs['organizations']['list'][number];

/** Why a change to the directory failed, in words: FORBIDDEN says who may do it. */
export function changeErrorMessage(error: unknown): string {
  return errorCode(error) === 'FORBIDDEN'
    ? 'Only admins can change organizations and their members. Ask an admin to make this change.'
    : errorMessage(error);
}

/** Everything that shows organizations or memberships, including an organization's tickets. */
export function refreshDirectory() {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.organizations.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.customers.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.tickets.list.pathKey() }),
  ]);
}

interface OrganizationDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The organization to edit; a new one without it. */
  organization?: Organization;
  onSaved?: (organization: Organization) => void;
}

/** Creates an organization, or renames one and turns ticket sharing on or off. */
export function OrganizationDialog({ open, onOpenChange, organization, onSaved }: OrganizationDialogProps) {
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={organization ? `Edit ${organization.name}` : 'New organization'}
    >
      {/* Mounted only while open, so every opening starts from the saved values without old errors. */}
      {open ? (
        <OrganizationForm
          organization={organization}
          onCancel={() => onOpenChange(false)}
          onSaved={(saved) => {
            onOpenChange(false);
            onSaved?.(saved);
          }}
        />
      ) : null}
    </Dialog>
  );
}

function OrganizationForm({
  organization,
  onCancel,
  onSaved,
}: {
  organization: Organization | undefined;
  onCancel: () => void;
  onSaved: (organization: Organization) => void;
}) {
  const sharedHintId = useId();
  const createForm = useZodForm(createOrganizationInput);
  const updateForm = useZodForm(updateOrganizationInput);
  const form = organization ? updateForm : createForm;
  const handlers = {
    onSuccess: async (saved: Organization) => {
      await refreshDirectory();
      onSaved(saved);
    },
    onError: (error: unknown) => {
      // The only conflict is a name another organization already has: say so at the name.
      if (errorCode(error) === 'CONFLICT') form.setErrors({ name: errorMessage(error) });
      else form.showServerErrors(error);
    },
  };
  const create = useMutation(trpc.organizations.create.mutationOptions(handlers));
  const update = useMutation(trpc.organizations.update.mutationOptions(handlers));
  const mutation = organization ? update : create;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = {
      name: formValues(event.currentTarget).name ?? '',
      sharedTickets: new FormData(event.currentTarget).has('sharedTickets'),
    };
    if (organization) {
      const input = updateForm.validate({ id: organization.id, ...values });
      if (input) update.mutate(input);
    } else {
      const input = createForm.validate(values);
      if (input) create.mutate(input);
    }
  };
  const code = errorCode(mutation.error);

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field label="Name" error={form.errors.name}>
        <Input
          name="name"
          defaultValue={organization?.name ?? ''}
          autoComplete="organization"
          required
          autoFocus
        />
      </Field>
      <div className="flex items-start gap-2">
        <input
          id={`${sharedHintId}-input`}
          type="checkbox"
          name="sharedTickets"
          defaultChecked={organization?.sharedTickets ?? false}
          aria-describedby={sharedHintId}
          className="mt-0.5 size-4 accent-blue-700"
        />
        <div>
          <label htmlFor={`${sharedHintId}-input`} className="text-sm font-medium text-slate-800">
            Members share tickets
          </label>
          <p id={sharedHintId} className="text-xs text-slate-600">
            Members can read and reply to each other's tickets.
          </p>
        </div>
      </div>
      {form.errors._form ? <Alert>{form.errors._form}</Alert> : null}
      {mutation.error && code !== 'BAD_REQUEST' && code !== 'CONFLICT' ? (
        <Alert>{changeErrorMessage(mutation.error)}</Alert>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" busy={mutation.isPending}>
          {organization ? 'Save changes' : 'Create organization'}
        </Button>
      </div>
    </form>
  );
}
