import type { RouterOutputs } from '@helpdesk/client';
import type { Role } from '@helpdesk/validators';
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { createRoute } from '@tanstack/react-router';
import { useDeferredValue, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { EnumOptions, Field, Input, Select } from '../../components/ui/field.tsx';
import { Badge } from '../../components/ui/layout.tsx';
import { Alert, EmptyState } from '../../components/ui/states.tsx';
import { ActionsTh, Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { ROLES, useAgentActions } from './agent-actions.tsx';
import { InviteDialog } from './invite-dialog.tsx';
import { AdminScreen, Loaded, RowActions, useMe } from './shared.tsx';

export const agentsRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/manage/agents',
  component: AgentsScreen,
});

type UserRow = RouterOutputs['users']['list'][number];
type RoleFilter = 'staff' | 'all' | Role;
type StatusFilter = 'any' | 'active' | 'inactive';

/** The most accounts `users.list` answers at once. */
const LIMIT = 200;

function AgentsScreen() {
  const [inviting, setInviting] = useState(false);
  const [notice, setNotice] = useState<string>();
  return (
    <AdminScreen
      title="Agents"
      description="Everyone with an account: roles, invitations and who may sign in."
      what="manage agents, roles and invitations"
      actions={<Button onClick={() => setInviting(true)}>Invite agent</Button>}
    >
      {notice ? <Alert tone="success">{notice}</Alert> : null}
      <UserDirectory onNotice={setNotice} />
      <InviteDialog
        open={inviting}
        onOpenChange={setInviting}
        onInvited={(user) =>
          setNotice(`Invitation sent to ${user.email}. They choose a password from the mail.`)
        }
      />
    </AdminScreen>
  );
}

/**
 * `users.list` filters by one role at a time; "staff" asks for admins and agents separately, so
 * customers (who may be thousands) never crowd agents out of a page.
 */
function useUsers(role: RoleFilter, status: StatusFilter, search: string) {
  const roles: (Role | undefined)[] =
    role === 'staff' ? ['admin', 'agent'] : role === 'all' ? [undefined] : [role];
  const active = status === 'any' ? undefined : status === 'active';
  return useQueries({
    queries: roles
      .map((one) =>
        trpc.users.list.queryOptions({
          ...(one ? { role: one } : {}),
          ...(active === undefined ? {} : { active }),
          // The server searches: with thousands of customers the one page loaded may not hold them.
          ...(search ? { search } : {}),
          limit: LIMIT,
        }),
      )
      .map((options) => ({ ...options, placeholderData: keepPreviousData })),
    combine: (results) => ({
      data: results.every((result) => result.data)
        ? results.flatMap((result) => result.data ?? []).sort((a, b) => a.name.localeCompare(b.name))
        : undefined,
      error: results.find((result) => result.error)?.error ?? null,
      truncated: results.some((result) => result.data?.length === LIMIT),
      refetch: () => Promise.all(results.map((result) => result.refetch())),
    }),
  });
}

function UserDirectory({ onNotice }: { onNotice: (message: string) => void }) {
  const [role, setRole] = useState<RoleFilter>('staff');
  const [status, setStatus] = useState<StatusFilter>('any');
  const [search, setSearch] = useState('');
  const users = useUsers(role, status, useDeferredValue(search.trim()));
  const actions = useAgentActions(onNotice);

  return (
    <section aria-label="Accounts" className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Search" hint="The start of a name or email address">
          <Input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </Field>
        <Field label="Role">
          <Select value={role} onChange={(event) => setRole(event.target.value as RoleFilter)}>
            <option value="staff">Agents and admins</option>
            <option value="admin">Admins</option>
            <option value="agent">Agents</option>
            <option value="customer">Customers</option>
            <option value="all">Everyone</option>
          </Select>
        </Field>
        <Field label="Status">
          <Select value={status} onChange={(event) => setStatus(event.target.value as StatusFilter)}>
            <option value="any">Any</option>
            <option value="active">Active</option>
            <option value="inactive">Deactivated</option>
          </Select>
        </Field>
      </div>
      {actions.error ? <Alert>{actions.error}</Alert> : null}
      <Loaded query={users} label="Loading accounts" what="manage agents, roles and invitations">
        {(all) => {
          const shown = all;
          if (!shown.length)
            return (
              <EmptyState title={search.trim() ? 'No account matches this search' : 'No accounts here'}>
                {search.trim() ? 'Try another name or address.' : 'Change the filters, or invite an agent.'}
              </EmptyState>
            );
          return (
            <>
              <UserTable users={shown} actions={actions} />
              {users.truncated ? (
                <p className="text-sm text-slate-600">
                  Showing the first {LIMIT} accounts by name of each role; narrow the filters to see others.
                </p>
              ) : null}
            </>
          );
        }}
      </Loaded>
      {actions.dialog}
    </section>
  );
}

function UserTable({ users, actions }: { users: UserRow[]; actions: ReturnType<typeof useAgentActions> }) {
  const me = useMe();
  return (
    <Table label="Accounts">
      <thead>
        <tr>
          <Th>Name</Th>
          <Th>Role</Th>
          <Th>Status</Th>
          <Th>Added</Th>
          <ActionsTh />
        </tr>
      </thead>
      <tbody>
        {users.map((user) => (
          <Tr key={user.id}>
            <Td>
              <span className="font-medium text-slate-900">{user.name}</span>
              {user.id === me.id ? <span className="text-slate-600"> (you)</span> : null}
              <span className="block text-slate-600">{user.email}</span>
            </Td>
            <Td>
              <Select
                aria-label={`Role of ${user.name}`}
                value={user.role}
                disabled={actions.busyFor(user.id)}
                className="w-auto min-w-28"
                onChange={(event) => actions.requestRole(user, event.target.value as Role)}
              >
                <EnumOptions values={ROLES} />
              </Select>
            </Td>
            <Td>
              <div className="flex flex-wrap gap-1">
                {user.invitationPending ? (
                  <Badge tone="yellow">Invitation pending</Badge>
                ) : user.active ? (
                  <Badge tone="green">Active</Badge>
                ) : null}
                {user.active ? null : <Badge tone="red">Deactivated</Badge>}
                {user.twoFactorEnabled ? <Badge tone="blue">Two-factor</Badge> : null}
              </div>
            </Td>
            <Td className="whitespace-nowrap">{formatDateTime(user.createdAt)}</Td>
            <Td>
              <RowActions>
                {user.active ? (
                  <Button size="sm" variant="secondary" onClick={() => actions.requestDeactivate(user)}>
                    Deactivate<span className="sr-only"> {user.name}</span>
                  </Button>
                ) : (
                  <Button
                    size="sm"
                    variant="secondary"
                    busy={actions.busyFor(user.id)}
                    onClick={() => actions.reactivate(user)}
                  >
                    Reactivate<span className="sr-only"> {user.name}</span>
                  </Button>
                )}
                <Button size="sm" variant="ghost" onClick={() => actions.requestDelete(user)}>
                  Delete<span className="sr-only"> {user.name}</span>
                </Button>
              </RowActions>
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
