import type { RouterOutputs } from '@helpdesk/client';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input, Select } from '../../components/ui/field.tsx';
import { Card } from '../../components/ui/layout.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { trpc } from '../../lib/trpc.ts';
import type { TicketEditor } from './editor.ts';

type Definition = RouterOutputs['customFields']['list'][number];
type Value = string | number | boolean | string[] | null;

/** What the API stores for what a control holds: empty means cleared (null). */
function toValue(field: Definition, raw: unknown): Value {
  if (raw === '' || raw === undefined || (Array.isArray(raw) && raw.length === 0)) return null;
  if (field.type === 'number') return Number(raw);
  return raw as Value;
}

/**
 * The fields that apply to the ticket's category, edited together and saved with one change.
 * Unsaved edits stay over the latest values (after a conflict too) until saved or undone.
 */
export function CustomFields({ editor }: { editor: TicketEditor }) {
  const { ticket } = editor;
  const categoryId = ticket.category?.id;
  const definitions = useQuery({
    ...trpc.customFields.list.queryOptions(categoryId ? { categoryId } : {}),
    staleTime: 60_000,
    select: (fields) =>
      fields.filter(
        (field) => field.active && (field.categoryId === null || field.categoryId === categoryId),
      ),
  });
  const [edits, setEdits] = useState<Record<string, unknown>>({});
  const saved = ticket.customFields ?? {};
  const shownValue = (key: string) => (key in edits ? edits[key] : saved[key]);
  const edit = (key: string, value: unknown) => setEdits((current) => ({ ...current, [key]: value }));
  const dirty = Object.keys(edits).length > 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fields = definitions.data ?? [];
    const changes = Object.fromEntries(
      Object.entries(edits).flatMap(([key, raw]) => {
        const field = fields.find((candidate) => candidate.key === key);
        return field ? [[key, toValue(field, raw)]] : [];
      }),
    );
    const names = fields.filter((field) => field.key in changes).map((field) => field.label);
    editor.save({ customFields: changes }, `Fields: ${names.join(', ')}`, { onSaved: () => setEdits({}) });
  };

  return (
    <Card title="Custom fields">
      {definitions.isPending ? (
        <LoadingState label="Loading fields" />
      ) : definitions.isError ? (
        <ErrorState error={definitions.error} retry={() => void definitions.refetch()} />
      ) : definitions.data.length === 0 ? (
        <EmptyState title="No custom fields apply to this ticket" />
      ) : (
        <form onSubmit={submit} noValidate className="space-y-3">
          {definitions.data.map((field) => (
            <CustomFieldControl
              key={field.id}
              field={field}
              value={shownValue(field.key)}
              error={editor.errors[`customFields.${field.key}`]}
              disabled={editor.closed}
              onChange={(value) => edit(field.key, value)}
            />
          ))}
          <div className="flex flex-wrap gap-2">
            <Button
              type="submit"
              size="sm"
              busy={editor.pending?.customFields !== undefined}
              disabled={!dirty || editor.busy || editor.closed}
            >
              Save fields
            </Button>
            {dirty ? (
              <Button size="sm" variant="ghost" onClick={() => setEdits({})}>
                Undo changes
              </Button>
            ) : null}
          </div>
        </form>
      )}
    </Card>
  );
}

interface ControlProps {
  field: Definition;
  value: unknown;
  error: string | undefined;
  disabled: boolean;
  onChange: (value: unknown) => void;
}

function CustomFieldControl({ field, value, error, disabled, onChange }: ControlProps) {
  const id = useId();
  const label = field.required ? `${field.label} (required)` : field.label;
  if (field.type === 'checkbox')
    return (
      <div>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input
            type="checkbox"
            className="size-4 accent-blue-700"
            checked={value === true}
            disabled={disabled}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
            onChange={(event) => onChange(event.currentTarget.checked)}
          />
          {label}
        </label>
        {error ? (
          <p id={`${id}-error`} className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </div>
    );
  if (field.type === 'multiselect') {
    const chosen = Array.isArray(value) ? (value as string[]) : [];
    return (
      <fieldset aria-describedby={error ? `${id}-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">{label}</legend>
        <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
          {field.options.map((option) => (
            <label key={option} className="flex items-center gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                className="size-4 accent-blue-700"
                checked={chosen.includes(option)}
                disabled={disabled}
                onChange={(event) =>
                  onChange(
                    event.currentTarget.checked
                      ? [...chosen, option]
                      : chosen.filter((other) => other !== option),
                  )
                }
              />
              {option}
            </label>
          ))}
        </div>
        {error ? (
          <p id={`${id}-error`} className="text-sm text-red-700">
            {error}
          </p>
        ) : null}
      </fieldset>
    );
  }
  const text = value === null || value === undefined ? '' : String(value);
  return (
    <Field label={label} error={error}>
      {field.type === 'select' ? (
        <Select value={text} disabled={disabled} onChange={(event) => onChange(event.currentTarget.value)}>
          <option value="">—</option>
          {field.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </Select>
      ) : (
        <Input
          type={field.type === 'number' ? 'number' : field.type === 'date' ? 'date' : 'text'}
          value={text}
          disabled={disabled}
          onChange={(event) => onChange(event.currentTarget.value)}
        />
      )}
    </Field>
  );
}
