import {
  dialectOf,
  type EntityManager,
  kyselyOf,
  rebuildSearchIndex,
  type SearchIndexRebuild,
  Setting,
  toDbDate,
} from '@helpdesk/db';
import { runExclusive } from './jobs.ts';

export const SEARCH_INDEX_JOB = 'search-index';
/** Where the time of the last rebuild is kept (not one of the desk's settings: never shown or edited). */
export const SEARCH_INDEX_REBUILT_KEY = 'searchIndexRebuiltAt';
/** At most one rebuild a day. */
const MIN_INTERVAL_MS = 24 * 3_600_000;
/** Due once this many tickets (and at least this share of the desk) changed since the last one. */
const MIN_TOUCHED = 1_000;
const MIN_TOUCHED_SHARE = 0.05;
/** A rebuild of a large desk takes minutes; the lease outlasts it. */
const LEASE_MS = 6 * 3_600_000;

export interface SearchIndexReport extends SearchIndexRebuild {
  touchedSinceLast: number;
}

/**
 * The scheduled rebuild of the full-text index (see `rebuildSearchIndex` in @helpdesk/db for why
 * and how): at most once a day, when enough tickets changed since the last one that their
 * rewritten documents weigh on every search, and by one instance at a time. Answers what was done,
 * or null when nothing was due or another instance holds the lease.
 */
export async function runSearchIndexMaintenance(
  em: EntityManager,
  owner: string,
  now: Date,
  /** Stops a rebuild in progress before its swap (the server is closing). */
  signal?: AbortSignal,
): Promise<SearchIndexReport | null> {
  const last = await em.fork().findOne(Setting, { key: SEARCH_INDEX_REBUILT_KEY });
  const lastAt = typeof last?.value === 'string' ? new Date(last.value) : new Date(0);
  if (now.getTime() - lastAt.getTime() < MIN_INTERVAL_MS) return null;
  const db = kyselyOf(em.fork());
  // A range of tickets_updated_idx: cheap while it is small, and past MIN_TOUCHED it is due anyway.
  const { touched } = await db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<number>().as('touched'))
    .where('updated_at', '>=', toDbDate(dialectOf(em), lastAt))
    .executeTakeFirstOrThrow();
  if (Number(touched) < MIN_TOUCHED) return null;
  if (Number(touched) < MIN_TOUCHED_SHARE * (await deskSize(em))) return null;
  let report: SearchIndexReport | null = null;
  await runExclusive(em, SEARCH_INDEX_JOB, owner, LEASE_MS, now, async () => {
    const result = await rebuildSearchIndex(em.fork(), { signal });
    if (!result.rebuilt) return;
    await em
      .fork()
      .upsert(Setting, { key: SEARCH_INDEX_REBUILT_KEY, value: now.toISOString(), updatedAt: now });
    report = { ...result, touchedSinceLast: Number(touched) };
  });
  return report;
}

/** About how many tickets the desk holds, without counting them (close enough for a share). */
async function deskSize(em: EntityManager): Promise<number> {
  const [size] = await em.execute<{ n: number | null }[]>(
    dialectOf(em) === 'sqlite'
      ? // Tickets are never deleted, so the last rowid is their count (one step down an index).
        'select max(rowid) as n from tickets'
      : // InnoDB's estimate, kept by the server.
        `select table_rows as n from information_schema.tables where table_schema = database() and table_name = 'tickets'`,
  );
  return Number(size?.n ?? 0);
}
