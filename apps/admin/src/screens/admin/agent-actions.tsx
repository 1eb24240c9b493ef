import type { RouterOutputs } from '@helpdesk/client';
import { type Role, roles } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';

type UserRow = RouterOutputs['users']['list'][number];

/** Highest first, as the role pickers list them. */
export const ROLES: Role[] = [...roles].reverse();

const rank: Record<Role, number> = { customer: 0, agent: 1, admin: 2 };
const roleNoun: Record<Role, string> = { customer: 'a customer', agent: 'an agent', admin: 'an admin' };

type Pending =
  | { kind: 'role'; user: UserRow; role: Role }
  | { kind: 'deactivate'; user: UserRow }
  | { kind: 'delete'; user: UserRow };

function confirmation(pending: Pending) {
  const { name } = pending.user;
  switch (pending.kind) {
    case 'role':
      return {
        title: `Make ${name} ${roleNoun[pending.role]}?`,
        description: `${name} loses the rights of ${roleNoun[pending.user.role]} and is signed out everywhere at once.${
          pending.role === 'customer' ? ' They can no longer open this dashboard.' : ''
        }`,
        confirmLabel: 'Change role',
      };
    case 'deactivate':
      return {
        title: `Deactivate ${name}?`,
        description:
          'They are signed out everywhere, their mailed links and API tokens stop working, and they cannot sign in until an admin reactivates the account.',
        confirmLabel: 'Deactivate',
      };
    case 'delete':
      return {
        title: `Delete ${name}?`,
        description:
          'The account can never sign in again; its tickets and messages stay readable. This cannot be undone.',
        confirmLabel: 'Delete account',
      };
  }
}

/**
 * Role changes, (de)activation and deletion of accounts. Demotions, deactivation and deletion are
 * confirmed first (they end the person's sessions); a refusal from the API (such as an admin
 * demoting themself) is shown in the dialog, or above the table for unconfirmed actions.
 */
export function useAgentActions(onNotice: (message: string) => void) {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const changeRole = useMutation(trpc.users.changeRole.mutationOptions());
  const setActive = useMutation(trpc.users.setActive.mutationOptions());
  const remove = useMutation(trpc.users.delete.mutationOptions());
  const mutations = [changeRole, setActive, remove];
  const failed = mutations.find((mutation) => mutation.error)?.error;

  const settle = (message: string) => {
    setPending(null);
    onNotice(message);
    // Roles and activity also decide who team and assignment pickers offer.
    void queryClient.invalidateQueries({ queryKey: trpc.users.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.teams.pathKey() });
  };
  const startOver = () => {
    for (const mutation of mutations) mutation.reset();
  };
  const applyRole = (user: UserRow, role: Role) =>
    changeRole.mutate(
      { userId: user.id, role },
      {
        onSuccess: (updated) =>
          settle(
            `${updated.name} is now ${roleNoun[updated.role]}. Their sessions ended; they sign in again with the new role.`,
          ),
      },
    );
  const applyActive = (user: UserRow, active: boolean) =>
    setActive.mutate(
      { userId: user.id, active },
      {
        onSuccess: (updated) =>
          settle(
            updated.active
              ? `${updated.name} can sign in again.`
              : `${updated.name} is deactivated and signed out everywhere.`,
          ),
      },
    );
  const confirm = () => {
    if (!pending) return;
    if (pending.kind === 'role') applyRole(pending.user, pending.role);
    else if (pending.kind === 'deactivate') applyActive(pending.user, false);
    else
      remove.mutate(
        { userId: pending.user.id },
        { onSuccess: () => settle(`${pending.user.name}'s account was deleted.`) },
      );
  };
  const cancel = () => {
    setPending(null);
    startOver();
  };
  const shown = pending ? confirmation(pending) : null;

  return {
    requestRole(user: UserRow, role: Role) {
      startOver();
      if (rank[role] < rank[user.role]) setPending({ kind: 'role', user, role });
      else applyRole(user, role);
    },
    requestDeactivate(user: UserRow) {
      startOver();
      setPending({ kind: 'deactivate', user });
    },
    requestDelete(user: UserRow) {
      startOver();
      setPending({ kind: 'delete', user });
    },
    reactivate(user: UserRow) {
      startOver();
      applyActive(user, true);
    },
    busyFor: (userId: string) =>
      mutations.some((mutation) => mutation.isPending && mutation.variables?.userId === userId),
    /** The failure of an action taken without a dialog. */
    error: !pending && failed ? errorMessage(failed) : null,
    dialog: (
      <ConfirmDialog
        open={pending !== null}
        title={shown?.title ?? ''}
        description={shown?.description ?? ''}
        confirmLabel={shown?.confirmLabel ?? ''}
        busy={mutations.some((mutation) => mutation.isPending)}
        error={failed}
        onConfirm={confirm}
        onCancel={cancel}
      />
    ),
  };
}
