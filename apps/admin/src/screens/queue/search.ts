import {
  type ListTicketsInput,
  listTicketsInput,
  type SortDirection,
  sortDirectionSchema,
  type TicketFilterInput,
  type TicketSort,
  ticketFilterShape,
  ticketSortSchema,
} from '@helpdesk/validators';

/**
 * The queue as it stands in the URL, so it can be linked and the back button works. Lists are
 * comma-separated (`status=new,open`) to keep addresses readable. With `view`, the filters come from
 * that saved view (so a link follows the view when its owner edits it) and filter keys are dropped.
 */
export interface QueueSearch {
  view?: string;
  q?: string;
  sort?: TicketSort;
  dir?: SortDirection;
  status?: string;
  priority?: string;
  channel?: string;
  assigneeId?: string;
  teamId?: string;
  categoryId?: string;
  requesterId?: string;
  organizationId?: string;
  tags?: string;
  createdAfter?: string;
  createdBefore?: string;
  updatedAfter?: string;
  updatedBefore?: string;
}

export type FilterKey = keyof typeof ticketFilterShape;
export type FilterSearch = Pick<QueueSearch, FilterKey>;

export const FILTER_KEYS = Object.keys(ticketFilterShape) as FilterKey[];
const LIST_KEYS = new Set<FilterKey>(['status', 'priority', 'channel', 'tags']);
/** Built-in views have fixed names (`my-open`), saved ones ULIDs. */
const VIEW_ID = /^[A-Za-z0-9-]{1,40}$/;

export const splitList = (value: string) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** One URL value as `tickets.list` takes it: lists split, everything else as is. */
function filterInputValue(key: FilterKey, value: string): unknown {
  return LIST_KEYS.has(key) ? splitList(value) : value;
}

/** A filter value in its URL form, or undefined when the shared schema refuses it. */
function checkedFilter(key: FilterKey, value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const raw = LIST_KEYS.has(key) && typeof value === 'string' ? splitList(value) : value;
  const parsed = ticketFilterShape[key].safeParse(raw);
  if (!parsed.success || parsed.data === undefined) return undefined;
  // Dates stay as typed (ISO text): the parsed value is a Date.
  if (parsed.data instanceof Date) return String(value);
  return Array.isArray(parsed.data) ? parsed.data.join(',') : String(parsed.data);
}

/** The route's `validateSearch`: anything the shared schemas refuse is dropped, never an error. */
export function validateQueueSearch(raw: Record<string, unknown>): QueueSearch {
  const search: QueueSearch = {};
  // The router parses `q=123` as a number: a search is text whatever it looks like.
  const q = raw.q === undefined || raw.q === null ? undefined : String(raw.q).trim();
  if (q && listTicketsInput.shape.search.safeParse(q).success) search.q = q;
  const sort = ticketSortSchema.safeParse(raw.sort);
  if (sort.success && sort.data !== 'updated') search.sort = sort.data;
  const dir = sortDirectionSchema.safeParse(raw.dir);
  if (dir.success) search.dir = dir.data;
  if (typeof raw.view === 'string' && VIEW_ID.test(raw.view)) {
    search.view = raw.view;
    return search;
  }
  for (const key of FILTER_KEYS) {
    const value = checkedFilter(key, raw[key]);
    if (value !== undefined) search[key] = value;
  }
  return search;
}

export function searchToFilters(search: QueueSearch): TicketFilterInput {
  const filters: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const value = search[key];
    if (value) filters[key] = filterInputValue(key, value);
  }
  return filters as TicketFilterInput;
}

export function filtersToSearch(filters: TicketFilterInput | Record<string, unknown>): FilterSearch {
  const search: FilterSearch = {};
  for (const key of FILTER_KEYS) {
    const value = checkedFilter(key, (filters as Record<string, unknown>)[key]);
    if (value !== undefined) search[key] = value;
  }
  return search;
}

export const DEFAULT_SORT: TicketSort = 'updated';

/** The API's default direction: newest or highest first, but soonest due first. */
export function defaultDirection(sort: TicketSort): SortDirection {
  return sort === 'due' ? 'asc' : 'desc';
}

export function currentSort(search: QueueSearch): { sort: TicketSort; dir: SortDirection } {
  const sort = search.sort ?? DEFAULT_SORT;
  return { sort, dir: search.dir ?? defaultDirection(sort) };
}

/** The `tickets.list` input for a page of the queue (the cursor is added per page). */
export function listInput(
  filters: TicketFilterInput,
  search: QueueSearch,
  limit: number,
): Omit<ListTicketsInput, 'cursor'> {
  const { sort, dir } = currentSort(search);
  return { ...filters, ...(search.q ? { search: search.q } : {}), sort, direction: dir, limit };
}

/** Search, sort and direction: what a change of filters or view keeps. */
export function keptWithFilters(search: QueueSearch): QueueSearch {
  return {
    ...(search.q ? { q: search.q } : {}),
    ...(search.sort ? { sort: search.sort } : {}),
    ...(search.dir ? { dir: search.dir } : {}),
  };
}

/** The URL of a view (or of all tickets): the view brings its own filters; the sort stays. */
export function viewSearch(search: QueueSearch, viewId: string | undefined): QueueSearch {
  const { q: _q, ...kept } = keptWithFilters(search);
  return viewId ? { ...kept, view: viewId } : kept;
}

/** The URL after one filter changed, starting from what is shown (a view's filters included). */
export function withFilter(
  search: QueueSearch,
  shown: FilterSearch,
  key: FilterKey,
  value: string | undefined,
): QueueSearch {
  const next: QueueSearch = { ...keptWithFilters(search), ...shown };
  if (value) next[key] = value;
  else delete next[key];
  return next;
}

export function hasFilters(search: FilterSearch): boolean {
  return FILTER_KEYS.some((key) => Boolean(search[key]));
}

export function pickFilters(search: QueueSearch): FilterSearch {
  const shown: FilterSearch = {};
  for (const key of FILTER_KEYS) if (search[key]) shown[key] = search[key];
  return shown;
}

/** The URL after choosing a sort: defaults are left out, so the plain queue keeps a plain address. */
export function withSort(search: QueueSearch, sort: TicketSort, dir: SortDirection): QueueSearch {
  const next: QueueSearch = { ...search };
  delete next.sort;
  delete next.dir;
  if (sort !== DEFAULT_SORT) next.sort = sort;
  if (dir !== defaultDirection(sort)) next.dir = dir;
  return next;
}
