import { useQuery } from '@tanstack/react-query';
import { createRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Alert, EmptyState } from '../../components/ui/states.tsx';
import { trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { AdminScreen, Loaded } from './shared.tsx';
import { TeamCard } from './team-card.tsx';
import { TeamDialog } from './team-dialog.tsx';

export const teamsRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/manage/teams',
  component: TeamsScreen,
});

function TeamsScreen() {
  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string>();
  return (
    <AdminScreen
      title="Teams"
      description="Groups of agents that tickets are routed to, with round-robin assignment if you like."
      what="manage teams"
      actions={<Button onClick={() => setCreating(true)}>New team</Button>}
    >
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <TeamList onNotice={setNotice} />
      <TeamDialog
        open={creating}
        onOpenChange={setCreating}
        onSaved={(team) => setNotice(`Team ${team.name} created. Add its members below.`)}
      />
    </AdminScreen>
  );
}

function TeamList({ onNotice }: { onNotice: (message: string) => void }) {
  const teams = useQuery(trpc.teams.list.queryOptions());
  // Who can join a team: active agents and admins.
  const agents = useQuery(trpc.users.agents.queryOptions());
  return (
    <Loaded query={teams} label="Loading teams" what="manage teams">
      {(list) =>
        list.length ? (
          <div className="grid gap-4 lg:grid-cols-2">
            {list.map((team) => (
              <TeamCard key={team.id} team={team} agents={agents} onNotice={onNotice} />
            ))}
          </div>
        ) : (
          <EmptyState title="No teams yet">Create a team, then add agents to it.</EmptyState>
        )
      }
    </Loaded>
  );
}
