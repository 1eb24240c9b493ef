import { listAuditLogInput } from '@helpdesk/validators';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createRoute, useNavigate } from '@tanstack/react-router';
import { Button } from '../../components/ui/button.tsx';
import { Field, Select } from '../../components/ui/field.tsx';
import { Alert, EmptyState } from '../../components/ui/states.tsx';
import { Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { helpdesk, trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import {
  AUDIT_ACTIONS,
  AUDIT_TARGET_TYPES,
  actionLabel,
  detailLines,
  label,
  targetName,
  useAuditNames,
} from './audit-format.ts';
import { AdminScreen, Loaded } from './shared.tsx';

interface AuditSearch {
  action?: string;
  targetType?: string;
  actorId?: string;
}
const FILTERS = ['action', 'targetType', 'actorId'] as const;

/** The filters live in the address, so a filtered log can be linked to and survives a reload. */
export const auditRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/manage/audit',
  validateSearch: (search: Record<string, unknown>): AuditSearch => {
    const valid: AuditSearch = {};
    for (const key of FILTERS) {
      const parsed = listAuditLogInput.shape[key].safeParse(search[key]);
      if (parsed.success && parsed.data) valid[key] = parsed.data;
    }
    return valid;
  },
  component: AuditScreen,
});

const PAGE_SIZE = 50;

function AuditScreen() {
  return (
    <AdminScreen
      title="Audit log"
      description="Every change to accounts, teams and the desk's configuration: who did what, when."
      what="read the audit log"
    >
      <AuditFilters />
      <AuditTable />
    </AdminScreen>
  );
}

function AuditFilters() {
  const search = auditRoute.useSearch();
  const navigate = useNavigate({ from: auditRoute.fullPath });
  const admins = useQuery(trpc.users.list.queryOptions({ role: 'admin', limit: 200 }));
  const setFilter = (key: keyof AuditSearch, value: string) =>
    void navigate({ search: (previous) => ({ ...previous, [key]: value || undefined }), replace: true });
  const filtered = FILTERS.some((key) => search[key]);

  return (
    <div className="flex flex-wrap items-end gap-3">
      <Field label="Action" className="min-w-0 flex-1 basis-52">
        <Select value={search.action ?? ''} onChange={(event) => setFilter('action', event.target.value)}>
          <option value="">Any action</option>
          {AUDIT_TARGET_TYPES.map((type) => (
            <optgroup key={type} label={label(type)}>
              {AUDIT_ACTIONS.filter((action) => action.startsWith(`${type}.`)).map((action) => (
                <option key={action} value={action}>
                  {label(type)}: {actionLabel(action).toLowerCase()}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </Field>
      <Field label="Target" className="min-w-0 flex-1 basis-40">
        <Select
          value={search.targetType ?? ''}
          onChange={(event) => setFilter('targetType', event.target.value)}
        >
          <option value="">Anything</option>
          {AUDIT_TARGET_TYPES.map((type) => (
            <option key={type} value={type}>
              {label(type)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Who" className="min-w-0 flex-1 basis-40">
        <Select value={search.actorId ?? ''} onChange={(event) => setFilter('actorId', event.target.value)}>
          <option value="">Any admin</option>
          {(admins.data ?? []).map((admin) => (
            <option key={admin.id} value={admin.id}>
              {admin.name}
            </option>
          ))}
        </Select>
      </Field>
      {filtered ? (
        <Button variant="secondary" onClick={() => void navigate({ search: {}, replace: true })}>
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}

function AuditTable() {
  const search = auditRoute.useSearch();
  const names = useAuditNames();
  const input = { ...search, limit: PAGE_SIZE };
  const log = useInfiniteQuery({
    queryKey: trpc.audit.list.infiniteQueryKey(input),
    // Not `infiniteQueryOptions`: tRPC adds a `direction` to the input, which the API's strict
    // input schema refuses.
    queryFn: ({ pageParam, signal }) =>
      helpdesk.audit.list.query({ ...input, ...(pageParam ? { cursor: pageParam } : {}) }, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const entries = log.data?.pages.flatMap((page) => page.items);

  return (
    <Loaded query={{ data: entries, error: log.error, refetch: log.refetch }} label="Loading the audit log">
      {(items) =>
        items.length ? (
          <div className="space-y-3">
            <Table label="Audit log">
              <thead>
                <tr>
                  <Th>When</Th>
                  <Th>Who</Th>
                  <Th>Action</Th>
                  <Th>Target</Th>
                  <Th>Details</Th>
                </tr>
              </thead>
              <tbody>
                {items.map((entry) => (
                  <Tr key={entry.id}>
                    <Td className="whitespace-nowrap">
                      <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
                    </Td>
                    <Td className="whitespace-nowrap">{entry.actor?.name ?? 'System'}</Td>
                    <Td className="whitespace-nowrap">{actionLabel(entry.action)}</Td>
                    <Td className="min-w-40">
                      <span className="block text-xs text-slate-600">{label(entry.targetType)}</span>
                      {targetName(entry, names)}
                    </Td>
                    <Td className="min-w-56">
                      <ul className="space-y-0.5 text-slate-700">
                        {detailLines(entry.details, names).map((line) => (
                          <li key={line} className="break-words">
                            {line}
                          </li>
                        ))}
                      </ul>
                    </Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
            {log.isFetchNextPageError ? <Alert>{errorMessage(log.error)}</Alert> : null}
            {log.hasNextPage ? (
              <Button
                variant="secondary"
                busy={log.isFetchingNextPage}
                onClick={() => void log.fetchNextPage()}
              >
                Load more
              </Button>
            ) : (
              <p className="text-sm text-slate-600">That is the beginning of the log.</p>
            )}
          </div>
        ) : (
          <EmptyState title="Nothing recorded">
            {Object.keys(search).length
              ? 'No entry matches these filters.'
              : 'Changes to the desk appear here.'}
          </EmptyState>
        )
      }
    </Loaded>
  );
}
