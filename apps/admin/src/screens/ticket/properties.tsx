import { ticketPriorities, ticketStatuses } from '@helpdesk/validators';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { EnumOptions, Field, Select } from '../../components/ui/field.tsx';
import { Card } from '../../components/ui/layout.tsx';
import { Alert, ErrorState, Spinner } from '../../components/ui/states.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { humanize } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import type { TicketChanges, TicketEditor } from './editor.ts';

/** Lists of the desk's configuration change rarely; a minute of freshness is plenty. */
const CONFIG = { staleTime: 60_000 } as const;

interface Option {
  id: string;
  name: string;
}

/** The list's options, plus the current value when the list does not (yet) hold it. */
function withCurrent(options: readonly Option[] | undefined, current: Option | null | undefined) {
  const list = [...(options ?? [])];
  if (current && !list.some((option) => option.id === current.id)) list.unshift(current);
  return list;
}

/** Status, priority, assignee, team and category, each saved as soon as it is chosen. */
export function Properties({ editor, meId }: { editor: TicketEditor; meId: string }) {
  const { ticket, pending, errors } = editor;
  const agents = useQuery({ ...trpc.users.agents.queryOptions(), ...CONFIG });
  const teams = useQuery({ ...trpc.teams.list.queryOptions(), ...CONFIG });
  const categories = useQuery({ ...trpc.categories.list.queryOptions(), ...CONFIG });

  // While a change is on its way, the controls show it rather than the old value.
  const shown = <K extends keyof TicketChanges>(key: K, value: TicketChanges[K]) =>
    pending && pending[key] !== undefined ? pending[key] : value;
  const assigneeId = shown('assigneeId', ticket.assignee?.id ?? null);
  const disabled = editor.busy || editor.closed;
  const failedList = [agents, teams, categories].find((query) => query.isError);

  const choose =
    <K extends 'assigneeId' | 'teamId' | 'categoryId'>(key: K, label: string, options: readonly Option[]) =>
    (id: string) =>
      editor.save(
        { [key]: id || null } as TicketChanges,
        `${label}: ${options.find((option) => option.id === id)?.name ?? 'none'}`,
      );

  const agentOptions = withCurrent(agents.data, ticket.assignee);
  const teamOptions = withCurrent(teams.data, ticket.team);
  const categoryOptions = withCurrent(
    categories.data?.filter((category) => category.active),
    ticket.category,
  );

  return (
    <Card title="Properties" actions={editor.updating ? <Spinner label="Saving" /> : null}>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-1">
        <Field label="Status" error={errors.status}>
          <Select
            value={shown('status', ticket.status)}
            disabled={disabled}
            onChange={(event) => {
              const status = event.currentTarget.value as (typeof ticketStatuses)[number];
              editor.save({ status }, `Status: ${humanize(status)}`);
            }}
          >
            <EnumOptions values={ticketStatuses} />
          </Select>
        </Field>
        <Field label="Priority" error={errors.priority}>
          <Select
            value={shown('priority', ticket.priority)}
            disabled={disabled}
            onChange={(event) => {
              const priority = event.currentTarget.value as (typeof ticketPriorities)[number];
              editor.save({ priority }, `Priority: ${humanize(priority)}`);
            }}
          >
            <EnumOptions values={ticketPriorities} />
          </Select>
        </Field>
        <Field label="Assignee" error={errors.assigneeId}>
          <Select
            value={assigneeId ?? ''}
            disabled={disabled}
            onChange={(event) => choose('assigneeId', 'Assignee', agentOptions)(event.currentTarget.value)}
          >
            <option value="">Unassigned</option>
            <Options options={agentOptions} />
          </Select>
        </Field>
        {assigneeId !== meId ? (
          <Button
            variant="secondary"
            size="sm"
            className="self-end justify-self-start"
            busy={editor.taking}
            disabled={disabled}
            onClick={editor.take}
          >
            Take it (assign to me)
          </Button>
        ) : null}
        <Field label="Team" error={errors.teamId}>
          <Select
            value={shown('teamId', ticket.team?.id ?? null) ?? ''}
            disabled={disabled}
            onChange={(event) => choose('teamId', 'Team', teamOptions)(event.currentTarget.value)}
          >
            <option value="">No team</option>
            <Options options={teamOptions} />
          </Select>
        </Field>
        <Field label="Category" error={errors.categoryId}>
          <Select
            value={shown('categoryId', ticket.category?.id ?? null) ?? ''}
            disabled={disabled}
            onChange={(event) => choose('categoryId', 'Category', categoryOptions)(event.currentTarget.value)}
          >
            <option value="">No category</option>
            <Options options={categoryOptions} />
          </Select>
        </Field>
      </div>
      <Messages>
        {errors._form ? <Alert>{errors._form}</Alert> : null}
        {editor.error ? <Alert>{errorMessage(editor.error)}</Alert> : null}
        {failedList ? <ErrorState error={failedList.error} retry={() => void failedList.refetch()} /> : null}
      </Messages>
    </Card>
  );
}

function Options({ options }: { options: readonly Option[] }) {
  return options.map((option) => (
    <option key={option.id} value={option.id}>
      {option.name}
    </option>
  ));
}

function Messages({ children }: { children: ReactNode[] }) {
  return children.some(Boolean) ? <div className="mt-3 space-y-2">{children}</div> : null;
}
