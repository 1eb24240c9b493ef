import { listCustomersInput } from '@helpdesk/validators';
import type { FormEvent } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { useZodForm } from '../../lib/forms.ts';

/**
 * A customer search box checked with the server's own schema (`customers.list`), so a search the
 * API would refuse shows why next to the field instead of failing the list.
 */
export function CustomerSearch({
  label,
  value,
  onSearch,
}: {
  label: string;
  value: string | undefined;
  onSearch: (search: string | undefined) => void;
}) {
  const form = useZodForm(listCustomersInput);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = new FormData(event.currentTarget).get('search');
    const search = typeof text === 'string' && text.trim() ? text : undefined;
    const input = form.validate({ search });
    if (input) onSearch(input.search);
  };
  return (
    <search aria-label={label}>
      <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-2">
        <Field
          label={label}
          error={form.errors.search}
          hint="The start of a name or an email address"
          className="min-w-0 flex-1 basis-40"
        >
          <Input
            name="search"
            type="search"
            defaultValue={value ?? ''}
            key={value ?? ''}
            autoComplete="off"
          />
        </Field>
        <Button type="submit" variant="secondary" className="mt-6">
          Search
        </Button>
      </form>
    </search>
  );
}
