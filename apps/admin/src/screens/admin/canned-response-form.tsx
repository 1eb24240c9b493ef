import type { RouterOutputs } from '@helpdesk/client';
import {
  createCannedResponseInput,
  ticketPriorities,
  ticketStatuses,
  updateCannedResponseInput,
} from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { EnumOptions, Field, Input, Select, Textarea } from '../../components/ui/field.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { DialogActions } from './dialog-parts.tsx';
import { CheckboxField, FormAlert, listError, placeError } from './form-parts.tsx';
import { useMe } from './shared.tsx';

type CannedResponse = RouterOutputs['cannedResponses']['list'][number];

const PLACEHOLDERS = [
  '{{requester.name}}',
  '{{requester.email}}',
  '{{ticket.reference}}',
  '{{ticket.subject}}',
  '{{agent.name}}',
];

const commaList = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** Creates a canned response, or with `response` edits it; only admins see (and may set) "shared". */
export function CannedResponseForm({
  response,
  onCancel,
  onSaved,
}: {
  response: CannedResponse | undefined;
  onCancel: () => void;
  onSaved: (response: CannedResponse, created: boolean) => void;
}) {
  const isAdmin = useMe().role === 'admin';
  const queryClient = useQueryClient();
  const createForm = useZodForm(createCannedResponseInput);
  const updateForm = useZodForm(updateCannedResponseInput);
  const form = response ? updateForm : createForm;
  const options = (created: boolean) => ({
    onSuccess: (saved: CannedResponse) => {
      void queryClient.invalidateQueries({ queryKey: trpc.cannedResponses.pathKey() });
      onSaved(saved, created);
    },
    onError: (error: unknown) => placeError(form, error),
  });
  const create = useMutation(trpc.cannedResponses.create.mutationOptions(options(true)));
  const update = useMutation(trpc.cannedResponses.update.mutationOptions(options(false)));
  const save = response ? update : create;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const fields = {
      title: values.title,
      body: values.body,
      addTags: commaList(values.addTags),
      ...(isAdmin ? { shared: values.shared === 'true' } : {}),
    };
    if (response) {
      // null stops setting the status or priority.
      const input = updateForm.validate({
        id: response.id,
        ...fields,
        setStatus: values.setStatus || null,
        setPriority: values.setPriority || null,
      });
      if (input) update.mutate(input);
    } else {
      const input = createForm.validate({
        ...fields,
        setStatus: values.setStatus || undefined,
        setPriority: values.setPriority || undefined,
      });
      if (input) create.mutate(input);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field label="Title" error={form.errors.title}>
        <Input name="title" defaultValue={response?.title} autoComplete="off" required />
      </Field>
      <Field
        label="Reply"
        error={form.errors.body}
        hint={
          <>
            Placeholders filled in for each ticket:{' '}
            {PLACEHOLDERS.map((placeholder, index) => (
              <span key={placeholder}>
                {index ? ', ' : ''}
                <code>{placeholder}</code>
              </span>
            ))}
            .
          </>
        }
      >
        <Textarea name="body" rows={7} defaultValue={response?.body} required />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Set status" error={form.errors.setStatus}>
          <Select name="setStatus" defaultValue={response?.setStatus ?? ''}>
            <option value="">Leave as is</option>
            <EnumOptions values={ticketStatuses} />
          </Select>
        </Field>
        <Field label="Set priority" error={form.errors.setPriority}>
          <Select name="setPriority" defaultValue={response?.setPriority ?? ''}>
            <option value="">Leave as is</option>
            <EnumOptions values={ticketPriorities} />
          </Select>
        </Field>
      </div>
      <Field label="Add tags" error={listError(form.errors, 'addTags')} hint="Separated by commas; up to 20.">
        <Input name="addTags" defaultValue={response?.addTags.join(', ')} autoComplete="off" />
      </Field>
      {isAdmin ? (
        <CheckboxField
          name="shared"
          label="Shared with every agent"
          defaultChecked={response?.shared}
          hint="Shared responses are kept by admins; changes to them are in the audit log."
        />
      ) : null}
      <FormAlert error={save.error} />
      <DialogActions
        onCancel={onCancel}
        submitLabel={response ? 'Save response' : 'Create response'}
        busy={save.isPending}
      />
    </form>
  );
}
