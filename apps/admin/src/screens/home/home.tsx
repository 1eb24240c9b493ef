import { idSchema } from '@helpdesk/validators';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { createRoute, useNavigate } from '@tanstack/react-router';
import { Field, Select } from '../../components/ui/field.tsx';
import { PageHeader } from '../../components/ui/layout.tsx';
import { Alert, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { BacklogBreakdown } from './backlog.tsx';
import { DeskStats, LIVE } from './desk-stats.tsx';
import { DEFAULT_RANGE, isRangeDays, RANGE_DAYS, type RangeDays, reportRange } from './report-range.ts';
import { VolumeChart } from './volume-chart.tsx';

interface HomeSearch {
  /** Days the chart and the medians cover; 30 when absent. */
  range?: RangeDays;
  /** Narrows every figure to one team. */
  team?: string;
}

/** Defaults stay out of the URL, so the navigation's plain link to "/" is the default view. */
function parseHomeSearch(search: Record<string, unknown>): HomeSearch {
  return {
    ...(isRangeDays(search.range) && Number(search.range) !== DEFAULT_RANGE
      ? { range: Number(search.range) as RangeDays }
      : {}),
    ...(idSchema.safeParse(search.team).success ? { team: search.team as string } : {}),
  };
}

export const homeRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/',
  validateSearch: parseHomeSearch,
  component: HomeScreen,
});

function HomeScreen() {
  const { range = DEFAULT_RANGE, team } = homeRoute.useSearch();
  const navigate = useNavigate({ from: homeRoute.fullPath });
  const { from, to } = reportRange(range);
  const overview = useQuery({
    ...trpc.reports.overview.queryOptions({ from, to, ...(team ? { teamId: team } : {}) }),
    ...LIVE,
    // Switching the period keeps the previous figures on screen instead of flashing a spinner.
    placeholderData: keepPreviousData,
  });
  const teams = useQuery(trpc.teams.list.queryOptions());

  const setSearch = (change: HomeSearch) =>
    navigate({ search: (previous) => parseHomeSearch({ ...previous, ...change }) });

  return (
    <>
      <PageHeader
        title="Home"
        description="The desk at a glance, live: figures change as tickets do."
        actions={
          <div className="flex flex-wrap items-end gap-3">
            <Field label="Period">
              <Select
                value={range}
                onChange={(event) => setSearch({ range: Number(event.target.value) as RangeDays })}
              >
                {RANGE_DAYS.map((days) => (
                  <option key={days} value={days}>
                    Last {days} days
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Team">
              <Select
                value={team ?? ''}
                disabled={!teams.data}
                onChange={(event) => setSearch({ team: event.target.value || undefined })}
              >
                <option value="">All teams</option>
                {teams.data?.map((option) => (
                  <option key={option.id} value={option.id}>
                    {option.name}
                  </option>
                ))}
              </Select>
            </Field>
          </div>
        }
      />
      {overview.data ? (
        <div className="space-y-6" aria-busy={overview.isPlaceholderData || undefined}>
          {overview.isError ? (
            <Alert>The figures could not be refreshed: {errorMessage(overview.error)}</Alert>
          ) : null}
          <DeskStats overview={overview.data} teamId={team} />
          <VolumeChart overview={overview.data} />
          <BacklogBreakdown backlog={overview.data.backlog} />
        </div>
      ) : overview.isError ? (
        <ErrorState error={overview.error} retry={() => void overview.refetch()} />
      ) : (
        <LoadingState label="Loading the desk" />
      )}
    </>
  );
}
