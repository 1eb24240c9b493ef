import type { RouterOutputs } from '@helpdesk/client';
import { updateSettingsInput } from '@helpdesk/validators';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Card } from '../../components/ui/layout.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { CheckboxField, FormAlert } from './form-parts.tsx';
import { Loaded } from './shared.tsx';

type Settings = RouterOutputs['settings']['get'];

export function SettingsSection() {
  const settings = useQuery(trpc.settings.get.queryOptions());
  return (
    <Card title="Desk settings">
      <Loaded query={settings} label="Loading settings" what="change the desk's settings">
        {(current) => <SettingsForm current={current} />}
      </Loaded>
    </Card>
  );
}

function SettingsForm({ current }: { current: Settings }) {
  const queryClient = useQueryClient();
  const form = useZodForm(updateSettingsInput);
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.settings.update.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.settings.get.queryKey(), next);
        setSaved(true);
      },
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setSaved(false);
    const values = formValues(event.currentTarget);
    const input = form.validate({
      autoCloseDays: values.autoCloseDays?.trim() ? Number(values.autoCloseDays) : undefined,
      requireTwoFactorForStaff: values.requireTwoFactorForStaff === 'true',
    });
    if (input) update.mutate(input);
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field
        label="Close solved tickets after (days)"
        error={form.errors.autoCloseDays}
        hint="Solved tickets close by themselves after this many days without a reply from the customer (1 to 365)."
      >
        <Input
          name="autoCloseDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          defaultValue={current.autoCloseDays}
          className="max-w-32"
        />
      </Field>
      <CheckboxField
        name="requireTwoFactorForStaff"
        label="Require two-factor sign-in for agents and admins"
        defaultChecked={current.requireTwoFactorForStaff}
        hint="Anyone on the team without it must turn it on (Account screen) before doing anything else, you included."
      />
      <FormAlert error={update.error} />
      {saved ? <Alert tone="success">Settings saved.</Alert> : null}
      <Button type="submit" busy={update.isPending}>
        Save settings
      </Button>
    </form>
  );
}
