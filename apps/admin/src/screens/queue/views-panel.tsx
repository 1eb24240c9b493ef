import type { Me } from '@helpdesk/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Dialog } from '../../components/ui/dialog.tsx';
import { Field, Select } from '../../components/ui/field.tsx';
import { Alert, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { formatCount, type SavedView, type useViews } from './data.ts';
import { hasFilters, type QueueSearch, viewSearch } from './search.ts';

interface ViewsPanelProps {
  views: ReturnType<typeof useViews>;
  search: QueueSearch;
  me: Me;
  onChoose: (viewId: string | undefined) => void;
}

/** Who may delete a view: its owner, or an admin for a shared one (the API's rule). */
function canDelete(view: SavedView, me: Me): boolean {
  if (view.builtIn) return false;
  return view.owner?.id === me.id || (view.shared && me.role === 'admin');
}

/**
 * Saved views with live counts: a sidebar on wide screens, a row above the table where the table
 * needs the width (a 1280 px screen with the app's navigation), a select on phones.
 */
export function ViewsPanel({ views, search, me, onChoose }: ViewsPanelProps) {
  const [deleting, setDeleting] = useState<SavedView>();
  const { list } = views;
  if (list.isPending) return <LoadingState label="Loading views" />;
  if (list.isError) return <ErrorState error={list.error} retry={() => list.refetch()} />;
  const items = views.views ?? [];
  const custom = !search.view && hasFilters(search);

  return (
    <>
      <div className="md:hidden">
        <Field label="View">
          <Select
            value={search.view ?? (custom ? '__custom' : '')}
            onChange={(event) => onChoose(event.target.value || undefined)}
          >
            <option value="">All tickets</option>
            {custom ? (
              <option value="__custom" disabled>
                Current filters
              </option>
            ) : null}
            {items.map((view) => (
              <option key={view.id} value={view.id} disabled={view.invalid}>
                {view.name} ({formatCount(view.count)})
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <nav aria-labelledby="queue-views-heading" className="hidden items-center gap-2 md:flex 2xl:block">
        <h2 id="queue-views-heading" className="px-2 text-sm font-semibold text-slate-900 2xl:pb-2">
          Views
        </h2>
        <ul className="flex flex-wrap gap-1 2xl:flex-col 2xl:gap-0.5">
          <li>
            <ViewLink viewId={undefined} active={!search.view && !custom} name="All tickets" />
          </li>
          {items.map((view) => (
            <li key={view.id} className="flex items-center gap-1">
              <ViewLink
                viewId={view.id}
                active={search.view === view.id}
                name={view.name}
                count={view.count}
                note={view.invalid ? 'outdated' : view.shared && !view.builtIn ? 'shared' : undefined}
              />
              {canDelete(view, me) ? (
                <button
                  type="button"
                  onClick={() => setDeleting(view)}
                  aria-label={`Delete view ${view.name}`}
                  className="rounded px-1.5 py-1 text-slate-600 hover:bg-red-50 hover:text-red-800"
                >
                  <span aria-hidden>×</span>
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      </nav>
      {deleting ? (
        <DeleteViewDialog
          view={deleting}
          onClose={() => setDeleting(undefined)}
          onDeleted={() => {
            if (search.view === deleting.id) onChoose(undefined);
            setDeleting(undefined);
          }}
        />
      ) : null}
    </>
  );
}

function ViewLink({
  viewId,
  active,
  name,
  count,
  note,
}: {
  viewId: string | undefined;
  active: boolean;
  name: string;
  count?: number;
  note?: string | undefined;
}) {
  return (
    <Link
      to="/queue"
      search={(prev) => viewSearch(prev, viewId)}
      aria-current={active ? 'page' : undefined}
      className={`flex min-w-0 flex-1 items-center justify-between gap-2 rounded-md border px-2 py-1.5 text-sm whitespace-nowrap 2xl:border-transparent ${
        active
          ? 'border-blue-300 bg-blue-100 font-semibold text-blue-900'
          : 'border-slate-300 bg-white text-slate-800 hover:bg-slate-100 2xl:bg-transparent'
      }`}
    >
      <span className="min-w-0 truncate">
        {name}
        {note ? <span className="ml-1 text-xs font-normal text-slate-600">({note})</span> : null}
      </span>
      {count !== undefined ? (
        <span className="rounded-full bg-slate-200 px-2 text-xs font-medium text-slate-800 tabular-nums">
          {formatCount(count)}
          <span className="sr-only"> tickets</span>
        </span>
      ) : null}
    </Link>
  );
}

function DeleteViewDialog({
  view,
  onClose,
  onDeleted,
}: {
  view: SavedView;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const queryClient = useQueryClient();
  const remove = useMutation(
    trpc.views.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.views.pathKey() });
        onDeleted();
      },
    }),
  );
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={`Delete the view “${view.name}”?`}
      description={
        view.shared ? 'It is shared: it disappears for every agent.' : 'Only the view goes; tickets stay.'
      }
    >
      {remove.error ? <Alert>{errorMessage(remove.error)}</Alert> : null}
      <div className="mt-4 flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose}>
          Cancel
        </Button>
        <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate({ id: view.id })}>
          Delete view
        </Button>
      </div>
    </Dialog>
  );
}
