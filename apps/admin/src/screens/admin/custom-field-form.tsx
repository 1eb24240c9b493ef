import type { RouterOutputs } from '@helpdesk/client';
import {
  type CustomFieldType,
  createCustomFieldInput,
  customFieldTypes,
  updateCustomFieldInput,
} from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { EnumOptions, Field, Input, Select, Textarea } from '../../components/ui/field.tsx';
import { humanize } from '../../lib/format.ts';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { DialogActions } from './dialog-parts.tsx';
import { CheckboxField, FormAlert, lines, listError, placeError } from './form-parts.tsx';

type Category = RouterOutputs['categories']['list'][number];
type CustomField = RouterOutputs['customFields']['list'][number];

const hasOptions = (type: CustomFieldType) => type === 'select' || type === 'multiselect';

/**
 * Creates a field, or with `field` changes what may change: label, options, requiredness and
 * order. The key, type and category stay as created (ticket values were written for them).
 */
export function CustomFieldForm({
  field,
  categories,
  onCancel,
  onSaved,
}: {
  field: CustomField | undefined;
  categories: Category[];
  onCancel: () => void;
  onSaved: (field: CustomField, created: boolean) => void;
}) {
  const queryClient = useQueryClient();
  const [type, setType] = useState<CustomFieldType>(field?.type ?? 'text');
  const createForm = useZodForm(createCustomFieldInput);
  const updateForm = useZodForm(updateCustomFieldInput);
  const form = field ? updateForm : createForm;
  const options = (created: boolean) => ({
    onSuccess: (saved: CustomField) => {
      void queryClient.invalidateQueries({ queryKey: trpc.customFields.pathKey() });
      onSaved(saved, created);
    },
    onError: (error: unknown) => placeError(form, error, 'key'),
  });
  const create = useMutation(trpc.customFields.create.mutationOptions(options(true)));
  const update = useMutation(trpc.customFields.update.mutationOptions(options(false)));
  const save = field ? update : create;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const common = {
      label: values.label,
      required: values.required === 'true',
      // An empty box means "first"; anything else must be a whole number the schema accepts.
      position: values.position?.trim() ? Number(values.position) : 0,
      ...(hasOptions(type) ? { options: lines(values.options) } : {}),
    };
    if (field) {
      const input = updateForm.validate({ id: field.id, ...common });
      if (input) update.mutate(input);
    } else {
      const input = createForm.validate({
        ...common,
        key: values.key,
        type,
        categoryId: values.categoryId || null,
      });
      if (input) create.mutate(input);
    }
  };

  const category = categories.find((one) => one.id === field?.categoryId);
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      {field ? (
        <p className="text-sm text-slate-700">
          Key <code>{field.key}</code>, {humanize(field.type).toLowerCase()} field, for{' '}
          {field.categoryId ? `tickets of ${category?.name ?? 'one category'}` : 'every ticket'}. These never
          change: tickets hold values written for them.
        </p>
      ) : null}
      <Field label="Label" error={form.errors.label} hint="What agents and customers see next to the field.">
        <Input name="label" defaultValue={field?.label} autoComplete="off" required />
      </Field>
      {field ? null : (
        <>
          <Field
            label="Key"
            error={createForm.errors.key}
            hint="Lower snake case, e.g. order_number: the name of the value on every ticket. It never changes."
          >
            <Input name="key" autoComplete="off" spellCheck={false} required />
          </Field>
          <Field label="Type" error={createForm.errors.type}>
            <Select
              name="type"
              value={type}
              onChange={(event) => setType(event.target.value as CustomFieldType)}
            >
              <EnumOptions values={customFieldTypes} />
            </Select>
          </Field>
          <Field label="Applies to" error={createForm.errors.categoryId}>
            <Select name="categoryId" defaultValue="">
              <option value="">Every ticket</option>
              {categories.map((one) => (
                <option key={one.id} value={one.id}>
                  Tickets of {one.name}
                  {one.active ? '' : ' (inactive)'}
                </option>
              ))}
            </Select>
          </Field>
        </>
      )}
      {hasOptions(type) ? (
        <Field label="Options" error={listError(form.errors, 'options')} hint="One per line, up to 50.">
          <Textarea name="options" rows={5} defaultValue={field?.options.join('\n')} required />
        </Field>
      ) : null}
      <Field label="Order" error={form.errors.position} hint="Fields are shown from the lowest number up.">
        <Input
          name="position"
          type="number"
          inputMode="numeric"
          min={0}
          max={10_000}
          defaultValue={field?.position ?? 0}
          className="max-w-32"
        />
      </Field>
      <CheckboxField
        name="required"
        label="Required"
        defaultChecked={field?.required}
        hint="Tickets cannot be saved without a value."
      />
      <FormAlert error={save.error} conflictField="key" />
      <DialogActions
        onCancel={onCancel}
        submitLabel={field ? 'Save field' : 'Create field'}
        busy={save.isPending}
      />
    </form>
  );
}
