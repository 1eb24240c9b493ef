import { tagNameSchema } from '@helpdesk/validators';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Card } from '../../components/ui/layout.tsx';
import { useZodForm } from '../../lib/forms.ts';
import type { TicketEditor } from './editor.ts';

/** The ticket's tags: each removable, new ones added by name (the API replaces the whole list). */
export function Tags({ editor }: { editor: TicketEditor }) {
  const { ticket, pending } = editor;
  const form = useZodForm(tagNameSchema);
  const [name, setName] = useState('');
  const tags = pending?.tags ?? ticket.tags ?? [];
  const disabled = editor.busy || editor.closed;
  const serverError = Object.entries(editor.errors).find(([key]) => key.startsWith('tags'))?.[1];

  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const tag = form.validate(name);
    if (tag === undefined) return;
    if (tags.includes(tag)) return setName('');
    editor.save({ tags: [...tags, tag] }, `Tags: add “${tag}”`, { onSaved: () => setName('') });
  };

  return (
    <Card title="Tags">
      {tags.length ? (
        <ul aria-label="Tags" className="mb-3 flex flex-wrap gap-2">
          {tags.map((tag) => (
            <li
              key={tag}
              className="inline-flex max-w-full items-center gap-1 rounded-full bg-slate-100 py-0.5 pr-1 pl-3 text-sm text-slate-800"
            >
              <span className="min-w-0 truncate">{tag}</span>
              <button
                type="button"
                disabled={disabled}
                aria-label={`Remove tag ${tag}`}
                className="rounded-full px-1.5 text-slate-700 hover:bg-slate-300 disabled:cursor-not-allowed disabled:text-slate-400"
                onClick={() =>
                  editor.save({ tags: tags.filter((other) => other !== tag) }, `Tags: remove “${tag}”`)
                }
              >
                <span aria-hidden>×</span>
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-3 text-sm text-slate-600">No tags yet.</p>
      )}
      <form onSubmit={add} noValidate className="flex items-start gap-2">
        <Field label="Add a tag" error={form.errors._form ?? serverError} className="min-w-0 flex-1">
          <Input
            value={name}
            disabled={editor.closed}
            onChange={(event) => setName(event.currentTarget.value)}
          />
        </Field>
        <Button type="submit" variant="secondary" className="mt-6" disabled={disabled || !name.trim()}>
          Add
        </Button>
      </form>
    </Card>
  );
}
