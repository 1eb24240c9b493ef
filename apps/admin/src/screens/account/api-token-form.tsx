import { apiTokenScopeSchema, createApiTokenInput } from '@helpdesk/validators';
import { useMutation } from '@tanstack/react-query';
import { useRouteContext } from '@tanstack/react-router';
import { type FormEvent, useId } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input, Select } from '../../components/ui/field.tsx';
import { MutationAlert } from '../../components/ui/states.tsx';
import { useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';

type Scope = (typeof apiTokenScopeSchema.options)[number];

const scopeHelp: Record<Scope, string> = {
  read: 'Read tickets and the desk; change nothing',
  write: 'Also change things, except administration',
  admin: 'Everything your role allows, including managing tokens',
};

const lifetimes = [
  { days: '7', label: '7 days' },
  { days: '30', label: '30 days' },
  { days: '90', label: '90 days' },
  { days: '365', label: '1 year' },
  { days: '', label: 'Never (until revoked)' },
];

/** A new personal token: name, scopes, lifetime. The token itself is handed to `onCreated`, once. */
export function ApiTokenForm({ onCreated }: { onCreated: (token: string, name: string) => void }) {
  const { me } = useRouteContext({ from: '/app' });
  const scopesId = useId();
  const form = useZodForm(createApiTokenInput);
  const create = useMutation(
    trpc.apiTokens.create.mutationOptions({
      onSuccess: ({ token, apiToken }) => onCreated(token, apiToken.name),
      onError: (error) => form.showServerErrors(error),
    }),
  );
  // The server refuses the admin scope to others; not offering it saves them the error.
  const scopes = apiTokenScopeSchema.options.filter((scope) => scope !== 'admin' || me.role === 'admin');

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const days = String(data.get('expiresInDays') ?? '');
    const input = form.validate({
      name: String(data.get('name') ?? ''),
      scopes: data.getAll('scopes').map(String),
      ...(days ? { expiresInDays: Number(days) } : {}),
    });
    if (input) create.mutate(input);
  };

  const scopeError = form.errors.scopes;
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <h3 className="font-semibold text-slate-900">Create a token</h3>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Token name" error={form.errors.name} hint="What it is for, e.g. “Nightly export”.">
          <Input name="name" autoComplete="off" maxLength={80} required />
        </Field>
        <Field label="Expires after" error={form.errors.expiresInDays}>
          <Select name="expiresInDays" defaultValue="90">
            {lifetimes.map((lifetime) => (
              <option key={lifetime.days} value={lifetime.days}>
                {lifetime.label}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <fieldset aria-describedby={scopeError ? `${scopesId}-error` : undefined}>
        <legend className="text-sm font-medium text-slate-800">Scopes</legend>
        <div className="mt-1 space-y-1">
          {scopes.map((scope) => (
            <label key={scope} className="flex items-start gap-2 text-sm text-slate-800">
              <input
                type="checkbox"
                name="scopes"
                value={scope}
                defaultChecked={scope === 'read'}
                aria-invalid={scopeError ? true : undefined}
                className="mt-0.5 size-4 accent-blue-700"
              />
              <span>
                <span className="font-medium">{scope}</span>
                <span className="text-slate-600"> — {scopeHelp[scope]}</span>
              </span>
            </label>
          ))}
        </div>
        {scopeError ? (
          <p id={`${scopesId}-error`} className="mt-1 text-sm text-red-700">
            {scopeError}
          </p>
        ) : null}
      </fieldset>
      <MutationAlert error={create.error} />
      <Button type="submit" busy={create.isPending}>
        Create token
      </Button>
    </form>
  );
}
