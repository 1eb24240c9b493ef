import { setImmediate, setTimeout } from 'node:timers/promises';
import { type Kysely, sql } from 'kysely';
import type { EntityManager } from '../orm.ts';
import { dialectOf, toDbDate } from './dialect.ts';
import { type HelpdeskDB, kyselyOf, readerOf } from './kysely.ts';
import { rebuildSearchDocument } from './search.ts';

/**
 * A ticket whose `updated_at` is this much older than a copy began is taken to be in the copy. Every
 * write to a search document moves its ticket's `updated_at` (to the request's clock) in the same
 * transaction; the margin covers a slow request and clocks of several instances.
 */
const TOUCH_MARGIN_MS = 5 * 60_000;
/** Catching up ends when a round finds fewer tickets than this, or after `CATCH_UP_ROUNDS`. */
const CATCH_UP_ENOUGH = 100;
const CATCH_UP_ROUNDS = 5;
/**
 * The swap waits this long for statements in flight on the table (while it waits, new ones queue
 * behind it: this is how long the desk's searches and writes may stall), then tries again after a
 * pause, `SWAP_ATTEMPTS` times in all, then gives up with the desk as it was.
 */
const SWAP_WAIT_SECONDS = 2;
const SWAP_ATTEMPTS = 5;
const SWAP_PAUSE_MS = 1_000;
/** MySQL's ER_LOCK_WAIT_TIMEOUT. */
const LOCK_WAIT_TIMEOUT = 1205;
/**
 * Pages FTS5 merges per step on SQLite. At 20k tickets a step took 4 ms (worst 14 ms) of the event
 * loop, 107 steps in all; FTS5's one-statement `optimize` took 400 ms.
 */
const MERGE_PAGES = 16;
/** A named lock is server-wide: it names the database too (MySQL allows 64 characters). */
const LOCK_NAME = sql`concat('helpdesk_search:', sha1(database()))`;

export type SearchIndexPhase = 'copy' | 'catch up' | 'swap' | 'after swap' | 'merge';

export interface SearchIndexRebuildOptions {
  /** Awaited at every step (progress output; tests write meanwhile). */
  onProgress?: (phase: SearchIndexPhase, done: number, total: number) => void | Promise<void>;
  /** Documents copied per statement. */
  batchSize?: number;
  now?: () => Date;
  /**
   * Stops the rebuild: on MySQL before the swap (the copy is dropped), on SQLite between merge
   * steps. Either way the desk keeps a whole, working index.
   */
  signal?: AbortSignal;
  /** How long each attempt at the swap waits, and how many are made (tests shorten them). */
  swapWaitSeconds?: number;
  swapAttempts?: number;
}

export interface SearchIndexRebuild {
  /** False when another process was rebuilding it at the same time (this one did nothing). */
  rebuilt: boolean;
  documents: number;
  /** Tickets that changed while the copy was made (their documents were brought up to date). */
  caughtUp: number;
}

type Db = Kysely<HelpdeskDB>;

/**
 * Builds the full-text index anew, without stopping the desk. Needed on MySQL: every rewrite of a
 * ticket's search document (one per reply and note) leaves the old document's postings in the
 * InnoDB FULLTEXT index and its id on a deleted list that every search reads whole, until the
 * table is rebuilt; measured on a 20,000-ticket desk written one message at a time, one search took
 * 18 ms instead of 2.4. `OPTIMIZE TABLE` would copy the table with writes blocked throughout, so
 * this copies the documents into a fresh table while the desk goes on, catches up on what changed
 * meanwhile, and swaps the two in one atomic RENAME (a pause of milliseconds; the table has no
 * foreign key on MySQL, so the RENAME locks nothing the desk's writers hold). SQLite's FTS5
 * merges its segments as it goes and lost a quarter of its speed to the same history; there the
 * whole index is merged into one segment, a few pages at a time (see `mergeSqliteIndex`).
 */
export async function rebuildSearchIndex(
  em: EntityManager,
  options: SearchIndexRebuildOptions = {},
): Promise<SearchIndexRebuild> {
  if (dialectOf(em) === 'sqlite') return mergeSqliteIndex(em, options);
  return kyselyOf(em)
    .connection()
    .execute(async (db) => {
      // One rebuild at a time across every instance; the lock goes with the connection if it dies.
      const { rows } = await sql<{ got: number | null }>`select get_lock(${LOCK_NAME}, 0) as got`.execute(db);
      if (Number(rows[0]?.got) !== 1) return { rebuilt: false, documents: 0, caughtUp: 0 };
      const { rows: saved } = await sql<{ wait: number }>`select @@session.lock_wait_timeout as wait`.execute(
        db,
      );
      try {
        await sql`set session lock_wait_timeout = ${sql.lit(Math.trunc(options.swapWaitSeconds ?? SWAP_WAIT_SECONDS))}`.execute(
          db,
        );
        return await rebuildMysql(em, db, options);
      } finally {
        await sql`set session lock_wait_timeout = ${sql.lit(Number(saved[0]?.wait ?? 31_536_000))}`.execute(
          db,
        );
        await sql`select release_lock(${LOCK_NAME})`.execute(db);
      }
    });
}

/**
 * FTS5's incremental optimize: a `merge` with a negative page count starts merging every segment
 * into one, later ones with a positive count go on, each writing about that many pages, until a
 * step changes nothing (FTS5's documented test: fewer than two changes). The server's event loop
 * runs between steps, so a desk's requests wait milliseconds, not the whole merge.
 */
async function mergeSqliteIndex(
  em: EntityManager,
  { onProgress = () => {}, signal }: SearchIndexRebuildOptions,
): Promise<SearchIndexRebuild> {
  const merge = (tx: EntityManager, pages: number) =>
    tx.execute(
      `insert into ticket_search_fts(ticket_search_fts, rank) values('merge', ${Math.trunc(pages)})`,
    );
  const changes = async (tx: EntityManager) =>
    Number((await tx.execute<{ n: number }[]>('select total_changes() as n'))[0]?.n ?? 0);
  await merge(em, -MERGE_PAGES);
  for (let step = 1; ; step++) {
    signal?.throwIfAborted();
    await setImmediate();
    // In a transaction of its own, so no request's write on the same connection counts as the merge's.
    const written = await em.fork().transactional(async (tx) => {
      const before = await changes(tx);
      await merge(tx, MERGE_PAGES);
      return (await changes(tx)) - before;
    });
    if (written < 2) break;
    await onProgress('merge', step, step + 1);
  }
  return { rebuilt: true, documents: await countDocuments(em), caughtUp: 0 };
}

/**
 * On SQLite on the reader thread: a count of a million documents took 17–327 ms, which the
 * server's event loop, kept to merge steps of milliseconds, need not wait for.
 */
async function countDocuments(em: EntityManager): Promise<number> {
  const row = await readerOf(em, 'long')
    .selectFrom('ticket_search')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function rebuildMysql(
  em: EntityManager,
  db: Db,
  options: SearchIndexRebuildOptions,
): Promise<SearchIndexRebuild> {
  // What an interrupted rebuild left: a half-made copy, a retired table.
  await sql`drop table if exists ticket_search_next, ticket_search_retired`.execute(db);
  await createNextTable(db);
  let caughtUp: { since: Date; tickets: Set<string> };
  try {
    caughtUp = await copyIntoNext(em, db, options);
  } catch (error) {
    await sql`drop table if exists ticket_search_next`.execute(db);
    throw error;
  }
  return swap(em, db, caughtUp, options);
}

/**
 * Copies every document into `ticket_search_next`, then again those whose ticket changed meanwhile
 * until few are left. Answers from when on changes may be missing from the copy.
 */
async function copyIntoNext(
  em: EntityManager,
  db: Db,
  { onProgress = () => {}, batchSize = 5_000, now = () => new Date(), signal }: SearchIndexRebuildOptions,
): Promise<{ since: Date; tickets: Set<string> }> {
  let since = new Date(now().getTime() - TOUCH_MARGIN_MS);
  const total = await countDocuments(em);
  let copied = 0;
  let lastId = 0;
  for (;;) {
    // READ COMMITTED: the copy reads without locking the rows the desk is writing.
    await sql`set transaction isolation level read committed`.execute(db);
    const result = await sql`insert into ticket_search_next select * from ticket_search
      where id > ${lastId} order by id limit ${sql.lit(Math.trunc(batchSize))}`.execute(db);
    const inserted = Number(result.numAffectedRows ?? 0);
    if (!inserted) break;
    signal?.throwIfAborted();
    const { rows } = await sql<{ last: number }>`select max(id) as last from ticket_search_next`.execute(db);
    lastId = Number(rows[0]?.last);
    copied += inserted;
    await onProgress('copy', copied, total);
  }
  const caughtUp = new Set<string>();
  for (let round = 1; round <= CATCH_UP_ROUNDS; round++) {
    const started = now();
    const touched = await ticketsTouchedSince(db, em, since);
    since = new Date(started.getTime() - TOUCH_MARGIN_MS);
    for (let i = 0; i < touched.length; i += 500) {
      await sql`set transaction isolation level read committed`.execute(db);
      // Only documents that differ: replacing one leaves a deleted document in the new index too.
      await sql`replace into ticket_search_next select s.* from ticket_search s
        left join ticket_search_next n on n.id = s.id
        where s.ticket_id in (${sql.join(touched.slice(i, i + 500))})
          and (n.id is null or cast(n.public_text as binary) <> cast(s.public_text as binary)
            or cast(n.internal_text as binary) <> cast(s.internal_text as binary))`.execute(db);
    }
    for (const id of touched) caughtUp.add(id);
    await onProgress('catch up', round, CATCH_UP_ROUNDS);
    signal?.throwIfAborted();
    if (touched.length < CATCH_UP_ENOUGH) break;
  }
  return { since, tickets: caughtUp };
}

/** Puts the copy in place, then brings up to date what was written to the old table meanwhile. */
async function swap(
  em: EntityManager,
  db: Db,
  { since, tickets }: { since: Date; tickets: Set<string> },
  { onProgress = () => {}, swapAttempts, signal }: SearchIndexRebuildOptions,
): Promise<SearchIndexRebuild> {
  // Atomic: every search and write sees one table or the other.
  const attempts = swapAttempts ?? SWAP_ATTEMPTS;
  let attempt = 1;
  for (; ; attempt++) {
    try {
      await sql`rename table ticket_search to ticket_search_retired, ticket_search_next to ticket_search`.execute(
        db,
      );
      break;
    } catch (error) {
      const busy = (error as { errno?: number }).errno === LOCK_WAIT_TIMEOUT;
      if (!busy || attempt >= attempts || signal?.aborted) {
        await sql`drop table if exists ticket_search_next`.execute(db);
        throw error;
      }
      await setTimeout(SWAP_PAUSE_MS);
    }
  }
  await onProgress('swap', attempt, attempts);
  // Written to the old table between the last catch-up and the swap: made again from the tickets
  // and their messages, each under its ticket's row lock, which every writer of a document holds.
  const late = await ticketsTouchedSince(db, em, since);
  for (const [i, ticketId] of late.entries()) {
    await em.fork().transactional(async (tx) => {
      await kyselyOf(tx).selectFrom('tickets').select('id').where('id', '=', ticketId).forUpdate().execute();
      await rebuildSearchDocument(tx, ticketId);
    });
    await onProgress('after swap', i + 1, late.length);
  }
  await sql`drop table ticket_search_retired`.execute(db);
  // Documents whose ticket is gone (on MySQL the table has no foreign key: see config.ts): found by
  // a read that locks nothing (a DELETE joining the tables would lock every row it reads, and
  // deadlocked with replies), then removed by key.
  await sql`set transaction isolation level read committed`.execute(db);
  const { rows: orphans } = await sql<{ id: number }>`select s.id from ticket_search s
    left join tickets t on t.id = s.ticket_id where t.id is null`.execute(db);
  if (orphans.length)
    await db
      .deleteFrom('ticket_search')
      .where(
        'id',
        'in',
        orphans.map((row) => row.id),
      )
      .execute();
  for (const id of late) tickets.add(id);
  return { rebuilt: true, documents: await countDocuments(em), caughtUp: tickets.size };
}

async function ticketsTouchedSince(db: Db, em: EntityManager, since: Date): Promise<string[]> {
  const rows = await db
    .selectFrom('tickets')
    .select('id')
    .where('updated_at', '>=', toDbDate(dialectOf(em), since))
    .execute();
  return rows.map((row) => row.id);
}

/**
 * `ticket_search_next`, defined as the live table is, from `SHOW CREATE TABLE`: that reads the
 * definition without a lock the desk's writers wait for, where MariaDB's `CREATE TABLE ... LIKE`
 * locks the source against writes while it waits for those in flight (writers queued behind it).
 */
async function createNextTable(db: Db) {
  const { rows } = await sql<Record<string, string>>`show create table ticket_search`.execute(db);
  const definition = Object.values(rows[0] ?? {})[1];
  if (!definition?.startsWith('CREATE TABLE `ticket_search` ('))
    throw new Error(`Unexpected definition of ticket_search: ${definition?.slice(0, 60)}`);
  await sql
    .raw(definition.replace('CREATE TABLE `ticket_search`', 'CREATE TABLE `ticket_search_next`'))
    .execute(db);
}
