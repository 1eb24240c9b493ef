import { bulkUpdateTicketsInput, ticketPriorities, ticketStatuses } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input, Select } from '../../components/ui/field.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { errorCode, errorMessage } from '../../lib/errors.ts';
import { humanize } from '../../lib/format.ts';
import { useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { useDirectory } from './data.ts';
import { splitList } from './search.ts';

/** What one bulk action can change: the fields of `tickets.bulkUpdate`. */
const CHANGES = {
  status: 'Status',
  priority: 'Priority',
  assigneeId: 'Assignee',
  teamId: 'Team',
  addTags: 'Add tags',
  removeTags: 'Remove tags',
} as const;
type Change = keyof typeof CHANGES;
const MAX_BULK = 100;

interface BulkActionsProps {
  ids: string[];
  onDone: () => void;
  onClear: () => void;
}

/** The value as `tickets.bulkUpdate` takes it: "none" unassigns, tags are a list. */
function changeValue(change: Change, value: string): unknown {
  if (change === 'addTags' || change === 'removeTags') return splitList(value);
  if ((change === 'assigneeId' || change === 'teamId') && value === 'none') return null;
  return value || undefined;
}

/**
 * One change to every selected ticket, all or nothing (the API's rule). Always on screen, so the
 * outcome stays visible after the selection it was about is cleared.
 */
export function BulkActions({ ids, onDone, onClear }: BulkActionsProps) {
  const queryClient = useQueryClient();
  const { agents, teams } = useDirectory();
  const [change, setChange] = useState<Change>('status');
  const [value, setValue] = useState('');
  const [result, setResult] = useState<string>();
  const form = useZodForm(bulkUpdateTicketsInput);
  const update = useMutation(
    trpc.tickets.bulkUpdate.mutationOptions({
      onSuccess: async (tickets, input) => {
        setResult(`Updated ${tickets.length} ${tickets.length === 1 ? 'ticket' : 'tickets'}.`);
        setValue('');
        onDone();
        // The tickets themselves, the view counts they move between, and the desk's reports.
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.tickets.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.views.pathKey() }),
          input.status ? queryClient.invalidateQueries({ queryKey: trpc.reports.pathKey() }) : undefined,
        ]);
      },
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setResult(undefined);
    const input = form.validate({ ids, [change]: changeValue(change, value) });
    if (input) update.mutate(input);
  };
  const valueError =
    Object.entries(form.errors).find(([key]) => key.startsWith(change))?.[1] ?? form.errors._form;
  const tooMany = ids.length > MAX_BULK;

  const tagChange = change === 'addTags' || change === 'removeTags';

  return (
    <section aria-labelledby="bulk-heading" className="rounded-lg border border-blue-200 bg-blue-50 p-3">
      {ids.length === 0 ? (
        <p className="text-sm text-slate-700">
          <strong id="bulk-heading" className="font-semibold text-slate-900">
            Bulk actions:
          </strong>{' '}
          select tickets with their checkboxes (or <kbd className="font-mono">x</kbd>) to change them
          together.
        </p>
      ) : (
        <form onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
          <h2
            id="bulk-heading"
            className="w-full text-sm font-semibold text-slate-900 sm:w-auto sm:self-center"
          >
            {ids.length} selected
          </h2>
          <Field label="Change">
            <Select
              value={change}
              onChange={(event) => {
                setChange(event.target.value as Change);
                setValue('');
                form.setErrors({});
              }}
            >
              {Object.entries(CHANGES).map(([key, label]) => (
                <option key={key} value={key}>
                  {label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={tagChange ? `${CHANGES[change]} (comma-separated)` : 'To'} error={valueError}>
            {tagChange ? (
              <Input
                value={value}
                placeholder="vip, billing"
                onChange={(event) => setValue(event.target.value)}
              />
            ) : (
              <Select value={value} onChange={(event) => setValue(event.target.value)}>
                <option value="">Choose…</option>
                <ValueOptions change={change} agents={agents} teams={teams} />
              </Select>
            )}
          </Field>
          <Button type="submit" busy={update.isPending} disabled={tooMany}>
            Apply to {ids.length}
          </Button>
          <Button variant="ghost" onClick={onClear}>
            Clear selection
          </Button>
        </form>
      )}
      <div className="mt-2 space-y-2 empty:hidden">
        {tooMany ? <Alert>At most {MAX_BULK} tickets can be changed at once.</Alert> : null}
        {update.error && errorCode(update.error) !== 'BAD_REQUEST' ? (
          <Alert>Nothing was changed: {errorMessage(update.error)}</Alert>
        ) : null}
      </div>
      {result ? (
        <div className="mt-2">
          <Alert tone="success">{result}</Alert>
        </div>
      ) : null}
    </section>
  );
}

function ValueOptions({
  change,
  agents,
  teams,
}: {
  change: Exclude<Change, 'addTags' | 'removeTags'>;
} & Pick<ReturnType<typeof useDirectory>, 'agents' | 'teams'>) {
  const named = (items: { id: string; name: string }[]) =>
    items.map((item) => (
      <option key={item.id} value={item.id}>
        {item.name}
      </option>
    ));
  if (change === 'status') return ticketStatuses.map((status) => <Option key={status} value={status} />);
  if (change === 'priority')
    return ticketPriorities.map((priority) => <Option key={priority} value={priority} />);
  if (change === 'assigneeId')
    return (
      <>
        <option value="me">Me</option>
        <option value="none">Nobody (unassign)</option>
        {named(agents)}
      </>
    );
  return (
    <>
      <option value="none">No team</option>
      {named(teams)}
    </>
  );
}

function Option({ value }: { value: string }) {
  return <option value={value}>{humanize(value)}</option>;
}
