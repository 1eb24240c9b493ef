import { sql } from 'kysely';
import type { EntityManager } from '../orm.ts';
import { dialectOf } from './dialect.ts';
import { readerOf } from './kysely.ts';
import { preparedQuery } from './prepared.ts';
import { fullTextQuery, type SearchScope, toSearchTerms } from './search.ts';
import { applyTicketFilter, type TicketFilter } from './ticket-filters.ts';
import {
  type ActivityColumn,
  attachTags,
  baseQuery,
  type RawRow,
  type TicketListRow,
  type TicketSort,
  toRow,
} from './tickets.ts';

export interface TicketSearchQuery {
  filter: TicketFilter;
  text: string;
  scope: SearchScope;
  activity: ActivityColumn;
  offset: number;
  limit: number;
  withTags?: boolean;
  /**
   * Fires when the asker is gone (the client hung up). A search can be the heaviest statement a
   * desk runs; on MySQL the database is told to stop it (KILL QUERY) rather than finish for no one.
   */
  signal?: AbortSignal;
}

/** How long MySQL may run one search before it stops it (the asker gets TIMEOUT). */
export const SEARCH_TIME_LIMIT_MS = 10_000;

/**
 * Full-text search over subjects and messages, combined with the same filters, ranked by relevance
 * (then activity). Customers' scope only ever matches public text. One SQL statement (plus tags).
 */
export async function searchTicketRows(
  em: EntityManager,
  query: TicketSearchQuery,
): Promise<TicketListRow[]> {
  const terms = toSearchTerms(query.text);
  if (!terms.length) return [];
  const dialect = dialectOf(em);
  const sort: TicketSort = { key: 'activity', direction: 'desc', activity: query.activity };
  const { activity, scope } = query;
  // Built once per shape (prepared.ts): the words and the filter's values are values; the scope,
  // the activity and the page (written into the SQL, see runKeyset) are part of the name.
  const args = { match: fullTextQuery(dialect, terms, scope), filter: query.filter };
  const build = ({ match, filter }: typeof args) => {
    let q = baseQuery(em, activity).innerJoin('ticket_search', 'ticket_search.ticket_id', 'tickets.id');
    let score: ReturnType<typeof sql<number>>;
    if (dialect === 'mysql') {
      const columns =
        scope === 'public'
          ? sql`ticket_search.public_text`
          : sql`ticket_search.public_text, ticket_search.internal_text`;
      score = sql<number>`match(${columns}) against (${match} in boolean mode)`;
      // MySQL stops a search that runs too long rather than let it hold a connection (MariaDB reads
      // the hint as a comment; its own limit is the server variable max_statement_time).
      q = q
        .where(score, '>', 0 as never)
        .modifyFront(sql.raw(`/*+ MAX_EXECUTION_TIME(${SEARCH_TIME_LIMIT_MS}) */`));
    } else {
      // FTS5 under the alias `fts`: MATCH goes through its hidden column, `rank` is bm25 (lower is better).
      score = sql<number>`-fts.rank`;
      q = q
        .innerJoin(sql`ticket_search_fts`.as('fts'), (join) =>
          join.on(sql<boolean>`fts.rowid = ticket_search.id`),
        )
        .where(sql<boolean>`fts.ticket_search_fts match ${match}`);
    }
    return applyTicketFilter(q, filter, dialect)
      .orderBy(score, 'desc')
      .orderBy(`tickets.${activity}`, 'desc')
      .orderBy('tickets.id', 'desc')
      .limit(sql.lit(Math.trunc(query.limit)))
      .offset(sql.lit(Math.trunc(query.offset)));
  };
  const name = `ticket-search:${activity}:${scope}:${Math.trunc(query.limit)}:${Math.trunc(query.offset)}`;
  const raw = (await preparedQuery(
    // On SQLite the search runs beside the event loop, not on it (see readerOf).
    readerOf(em, 'long') as never,
    dialect,
    name,
    args,
    build,
    // SQLite runs a statement synchronously and cannot be interrupted: the signal is for MySQL.
    query.signal && dialect === 'mysql'
      ? { signal: query.signal, inflightQueryAbortStrategy: 'cancel query' }
      : undefined,
  )) as RawRow[];
  const rows = raw.map((row) => toRow(row, sort));
  return query.withTags ? attachTags(em, rows) : rows;
}
