import type { RouterOutputs } from '@helpdesk/client';
import { createTeamInput, updateTeamInput } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { Dialog } from '../../components/ui/dialog.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { DialogActions } from './dialog-parts.tsx';
import { CheckboxField, FormAlert, placeError } from './form-parts.tsx';

type Team = RouterOutputs['teams']['list'][number];

/** Creates a team, or with `team` renames it and turns round robin on or off. */
export function TeamDialog({
  team,
  open,
  onOpenChange,
  onSaved,
}: {
  team?: Team;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onSaved: (team: Team) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title={team ? `Edit ${team.name}` : 'New team'}>
      <TeamForm
        team={team}
        onCancel={() => onOpenChange(false)}
        onSaved={(saved) => {
          onOpenChange(false);
          onSaved(saved);
        }}
      />
    </Dialog>
  );
}

function TeamForm({
  team,
  onCancel,
  onSaved,
}: {
  team: Team | undefined;
  onCancel: () => void;
  onSaved: (team: Team) => void;
}) {
  const queryClient = useQueryClient();
  const createForm = useZodForm(createTeamInput);
  const updateForm = useZodForm(updateTeamInput);
  const form = team ? updateForm : createForm;
  const options = {
    onSuccess: (saved: Team) => {
      void queryClient.invalidateQueries({ queryKey: trpc.teams.pathKey() });
      // Agents' team badges in pickers come from `users.agents`.
      void queryClient.invalidateQueries({ queryKey: trpc.users.agents.pathKey() });
      onSaved(saved);
    },
    onError: (error: unknown) => placeError(form, error, 'name'),
  };
  const create = useMutation(trpc.teams.create.mutationOptions(options));
  const update = useMutation(trpc.teams.update.mutationOptions(options));
  const save = team ? update : create;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const fields = { name: values.name, roundRobin: values.roundRobin === 'true' };
    if (team) {
      const input = updateForm.validate({ id: team.id, ...fields });
      if (input) update.mutate(input);
    } else {
      const input = createForm.validate(fields);
      if (input) create.mutate(input);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field label="Team name" error={form.errors.name}>
        <Input name="name" defaultValue={team?.name} autoComplete="off" required />
      </Field>
      <CheckboxField
        name="roundRobin"
        label="Round robin"
        defaultChecked={team?.roundRobin}
        hint="New tickets moved to the team without an assignee go to its members in turn."
      />
      <FormAlert error={save.error} conflictField="name" />
      <DialogActions
        onCancel={onCancel}
        submitLabel={team ? 'Save team' : 'Create team'}
        busy={save.isPending}
      />
    </form>
  );
}
