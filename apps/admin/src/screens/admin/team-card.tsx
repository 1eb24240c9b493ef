import type { RouterOutputs } from '@helpdesk/client';
import { teamMemberInput } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Field, Select } from '../../components/ui/field.tsx';
import { Badge, Card } from '../../components/ui/layout.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import { TeamDialog } from './team-dialog.tsx';

type Team = RouterOutputs['teams']['list'][number];
type Agent = RouterOutputs['users']['agents'][number];
type Member = Team['members'][number];
/** Who can join a team (`users.agents`), as the team list loaded it. */
interface AgentsQuery {
  data: Agent[] | undefined;
  isPending: boolean;
  error: unknown;
}

export function TeamCard({
  team,
  agents,
  onNotice,
}: {
  team: Team;
  agents: AgentsQuery;
  onNotice: (message: string) => void;
}) {
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [leaving, setLeaving] = useState<Member | null>(null);
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.teams.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.users.agents.pathKey() });
  };
  const removeMember = useMutation(
    trpc.teams.removeMember.mutationOptions({
      onSuccess: () => {
        onNotice(`${leaving?.name ?? 'The agent'} left ${team.name}.`);
        setLeaving(null);
        changed();
      },
    }),
  );

  return (
    <Card
      title={team.name}
      actions={
        <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
          Edit<span className="sr-only"> {team.name}</span>
        </Button>
      }
    >
      <p className="mb-3 text-sm text-slate-700">
        {team.roundRobin ? (
          <Badge tone="blue">Round robin</Badge>
        ) : (
          'New tickets wait for someone to take them.'
        )}
      </p>
      <h3 className="text-sm font-semibold text-slate-800">Members ({team.members.length})</h3>
      {team.members.length ? (
        <ul className="mt-2 divide-y divide-slate-100">
          {team.members.map((member) => (
            <li key={member.id} className="flex items-center justify-between gap-2 py-1.5 text-sm">
              <span className="min-w-0 truncate text-slate-800">{member.name}</span>
              <Button
                size="sm"
                variant="ghost"
                onClick={() => {
                  removeMember.reset();
                  setLeaving(member);
                }}
              >
                Remove
                <span className="sr-only">
                  {' '}
                  {member.name} from {team.name}
                </span>
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-2 text-sm text-slate-600">No members yet.</p>
      )}
      <AddMember team={team} agents={agents} onAdded={changed} />
      <TeamDialog
        team={team}
        open={editing}
        onOpenChange={setEditing}
        onSaved={(saved) => onNotice(`Team ${saved.name} saved.`)}
      />
      <ConfirmDialog
        open={leaving !== null}
        title={`Remove ${leaving?.name ?? ''} from ${team.name}?`}
        description="Their tickets stay assigned to them; the team's new tickets no longer go to them."
        confirmLabel="Remove member"
        busy={removeMember.isPending}
        error={removeMember.error}
        onConfirm={() => leaving && removeMember.mutate({ teamId: team.id, userId: leaving.id })}
        onCancel={() => setLeaving(null)}
      />
    </Card>
  );
}

function AddMember({ team, agents, onAdded }: { team: Team; agents: AgentsQuery; onAdded: () => void }) {
  const form = useZodForm(teamMemberInput);
  const [chosen, setChosen] = useState('');
  const addMember = useMutation(
    trpc.teams.addMember.mutationOptions({
      onSuccess: () => {
        setChosen('');
        onAdded();
      },
    }),
  );
  const members = new Set(team.members.map((member) => member.id));
  const candidates = (agents.data ?? []).filter((agent) => !members.has(agent.id));
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = form.validate({ teamId: team.id, ...formValues(event.currentTarget) });
    if (input) addMember.mutate(input);
  };

  return (
    <form onSubmit={submit} noValidate className="mt-4 space-y-2 border-t border-slate-100 pt-3">
      <div className="flex flex-wrap items-end gap-2">
        <Field
          label={`Add a member to ${team.name}`}
          error={form.errors.userId}
          className="min-w-0 flex-1 basis-48"
        >
          <Select
            name="userId"
            value={chosen}
            onChange={(event) => setChosen(event.target.value)}
            disabled={!candidates.length}
          >
            <option value="">
              {agents.isPending
                ? 'Loading agents…'
                : candidates.length
                  ? 'Choose an agent'
                  : 'Every active agent is a member'}
            </option>
            {candidates.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name} ({agent.role})
              </option>
            ))}
          </Select>
        </Field>
        <Button type="submit" variant="secondary" busy={addMember.isPending} disabled={!chosen}>
          Add
        </Button>
      </div>
      {agents.error ? <Alert>Agents could not be loaded: {errorMessage(agents.error)}</Alert> : null}
      {addMember.error ? <Alert>{errorMessage(addMember.error)}</Alert> : null}
    </form>
  );
}
