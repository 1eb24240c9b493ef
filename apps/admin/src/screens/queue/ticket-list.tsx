import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Alert, EmptyState, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { BulkActions } from './bulk-actions.tsx';
import { formatCount, type TicketRow, type useTicketPages } from './data.ts';
import { currentSort, defaultDirection, type QueueSearch, withSort } from './search.ts';
import { ShortcutsHint, useQueueShortcuts } from './shortcuts.tsx';
import { SortSelect } from './sort-select.tsx';
import { TicketTable } from './ticket-table.tsx';

interface TicketListProps {
  pages: ReturnType<typeof useTicketPages>;
  search: QueueSearch;
  /** Matching tickets, when the API counts them (a saved view without a search). */
  count: number | undefined;
  onSearch: (next: (prev: QueueSearch) => QueueSearch) => void;
}

/**
 * A selection or highlight belongs to the list it was made in: when the filters change, both start
 * over, and rows that left the list (solved elsewhere, reassigned) drop out of them.
 */
function useRowState(rows: TicketRow[], listKey: string) {
  const [selection, setSelection] = useState({ key: listKey, ids: new Set<string>() });
  const [highlight, setHighlight] = useState<{ key: string; id: string }>();
  const ids = selection.key === listKey ? selection.ids : new Set<string>();
  const selected = new Set(rows.filter((row) => ids.has(row.id)).map((row) => row.id));
  const highlighted =
    highlight?.key === listKey && rows.some((row) => row.id === highlight.id) ? highlight.id : undefined;
  const select = (next: Set<string>) => setSelection({ key: listKey, ids: next });
  return {
    selected,
    highlighted,
    highlight: (id: string) => setHighlight({ key: listKey, id }),
    toggle(id: string) {
      const next = new Set(selected);
      if (!next.delete(id)) next.add(id);
      select(next);
    },
    toggleAll: (on: boolean) => select(on ? new Set(rows.map((row) => row.id)) : new Set()),
    clear: () => select(new Set()),
  };
}

export function TicketList({ pages, search, count, onSearch }: TicketListProps) {
  const navigate = useNavigate();
  const rows = useMemo(() => pages.data?.pages.flatMap((page) => page.items) ?? [], [pages.data]);
  const { sort, dir } = currentSort(search);
  const ranked = Boolean(search.q);
  const { sort: _sort, dir: _dir, ...listed } = search;
  const listKey = JSON.stringify(listed);
  const state = useRowState(rows, listKey);

  useQueueShortcuts({
    move(step) {
      const index = rows.findIndex((row) => row.id === state.highlighted);
      const next = index < 0 ? 0 : Math.min(Math.max(index + step, 0), rows.length - 1);
      const row = rows[next];
      if (row) state.highlight(row.id);
      if (step === 1 && next === rows.length - 1 && pages.hasNextPage && !pages.isFetchingNextPage)
        void pages.fetchNextPage();
    },
    open() {
      if (state.highlighted)
        void navigate({ to: '/tickets/$ticketId', params: { ticketId: state.highlighted } });
    },
    toggle() {
      if (state.highlighted) state.toggle(state.highlighted);
    },
    focusSearch() {
      document.querySelector<HTMLInputElement>('[data-queue-search]')?.focus();
    },
  });

  if (pages.isPending) return <LoadingState label="Loading tickets" />;
  if (pages.isError && !pages.data) return <ErrorState error={pages.error} retry={() => pages.refetch()} />;

  const onSort = (next: typeof sort) =>
    onSearch((prev) =>
      withSort(prev, next, next === sort ? (dir === 'asc' ? 'desc' : 'asc') : defaultDirection(next)),
    );
  return (
    <div className="space-y-3">
      <BulkActions ids={[...state.selected]} onDone={state.clear} onClear={state.clear} />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <SortSelect
          sort={sort}
          dir={dir}
          ranked={ranked}
          onChange={(nextSort, nextDir) => onSearch((prev) => withSort(prev, nextSort, nextDir))}
        />
        <p className="text-sm text-slate-700">
          Showing {rows.length}
          {count !== undefined ? ` of ${formatCount(count)}` : ''} {rows.length === 1 ? 'ticket' : 'tickets'}
          {pages.isFetching && !pages.isFetchingNextPage ? (
            <span className="ml-2 text-slate-600">· refreshing…</span>
          ) : null}
        </p>
      </div>
      {pages.isRefetchError ? <Alert>Could not refresh the list: {errorMessage(pages.error)}</Alert> : null}
      {rows.length === 0 ? (
        <EmptyState title={ranked ? 'No ticket matches this search' : 'No tickets here'}>
          {ranked
            ? 'Try fewer or other words, or clear the filters.'
            : 'Nothing matches these filters right now.'}
        </EmptyState>
      ) : (
        <div
          aria-busy={pages.isPlaceholderData || undefined}
          className={pages.isPlaceholderData ? 'opacity-60' : ''}
        >
          <TicketTable
            rows={rows}
            selected={state.selected}
            onToggle={state.toggle}
            onToggleAll={state.toggleAll}
            highlighted={state.highlighted}
            sortState={{ sort, dir, ranked }}
            onSort={onSort}
          />
        </div>
      )}
      <div className="flex flex-wrap items-center justify-between gap-3">
        <ShortcutsHint />
        {pages.hasNextPage ? (
          <Button variant="secondary" busy={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>
            Load more
          </Button>
        ) : rows.length ? (
          <p className="text-sm text-slate-600">End of the list</p>
        ) : null}
      </div>
      {pages.isFetchNextPageError ? <Alert>Could not load more: {errorMessage(pages.error)}</Alert> : null}
    </div>
  );
}
