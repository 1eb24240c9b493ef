import { createRoute, useNavigate, useRouteContext } from '@tanstack/react-router';
import { PageHeader } from '../../components/ui/layout.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { useTicketPages, useViews } from './data.ts';
import { FiltersBar } from './filters-bar.tsx';
import { SaveViewButton } from './save-view.tsx';
import {
  filtersToSearch,
  pickFilters,
  type QueueSearch,
  searchToFilters,
  validateQueueSearch,
  viewSearch,
  withFilter,
} from './search.ts';
import { TicketList } from './ticket-list.tsx';
import { ViewsPanel } from './views-panel.tsx';

export const queueRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/queue',
  validateSearch: validateQueueSearch,
  component: QueueScreen,
});

function QueueScreen() {
  const search = queueRoute.useSearch();
  const navigate = useNavigate({ from: queueRoute.fullPath });
  const { me } = useRouteContext({ from: '/app' });
  const views = useViews();

  const activeView = search.view ? views.views?.find((view) => view.id === search.view) : undefined;
  const viewUsable = activeView && !activeView.invalid;
  // A view's filters come from the view itself (the URL names it): they wait for the list of views.
  const filters = search.view ? (viewUsable ? activeView.filters : undefined) : searchToFilters(search);
  const shown = search.view ? (activeView ? filtersToSearch(activeView.filters) : {}) : pickFilters(search);
  const pages = useTicketPages(filters, search);
  const viewProblem =
    search.view && !viewUsable && !views.list.isPending
      ? views.list.isError
        ? 'The saved views could not be loaded, so neither could this one.'
        : activeView
          ? 'This view’s filters no longer apply (the desk changed since it was saved). Choose another view or set the filters again.'
          : 'This view no longer exists. Choose another one.'
      : undefined;
  const go = (next: (prev: QueueSearch) => QueueSearch) => navigate({ search: next });

  return (
    <>
      <PageHeader
        title={activeView ? `Queue: ${activeView.name}` : 'Queue'}
        description="Every ticket you can work on, live: the list refreshes itself."
        actions={
          filters ? (
            <SaveViewButton
              filters={filters}
              searching={Boolean(search.q)}
              onSaved={(viewId) => go((prev) => viewSearch(prev, viewId))}
            />
          ) : null
        }
      />
      <div className="grid gap-4 2xl:grid-cols-[14rem_minmax(0,1fr)] 2xl:gap-6">
        <div className="min-w-0">
          <ViewsPanel
            views={views}
            search={search}
            me={me}
            onChoose={(viewId) => go((prev) => viewSearch(prev, viewId))}
          />
        </div>
        <div className="min-w-0 space-y-4">
          <FiltersBar
            shown={shown}
            q={search.q}
            onFilter={(key, value) => go((prev) => withFilter(prev, shown, key, value))}
            onSearch={(q) => go((prev) => ({ ...prev, q }))}
            onClear={() => go((prev) => viewSearch(prev, undefined))}
          />
          {viewProblem ? (
            <Alert>{viewProblem}</Alert>
          ) : (
            <TicketList
              pages={pages}
              search={search}
              count={activeView && !search.q ? activeView.count : undefined}
              onSearch={go}
            />
          )}
        </div>
      </div>
    </>
  );
}
