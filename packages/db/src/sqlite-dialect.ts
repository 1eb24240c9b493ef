import { availableParallelism } from 'node:os';
import { DatabaseSync } from 'node:sqlite';
import type { TriggerDef } from '@mikro-orm/sql';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { LOCK_WAIT_SECONDS } from './lock-wait.ts';
import { type Checkpointer, type CheckpointStats, startCheckpointer } from './sqlite-checkpointer.ts';
import {
  type OffThreadReader,
  OffThreadReaderDialect,
  type ReadLength,
  startReaderPool,
} from './sqlite-reader.ts';
import { statementCache } from './sqlite-thread.ts';

export const STATEMENT_CACHE_SIZE = 500;
/**
 * Reader threads for every read, long ones (searches) included: one per core up to four, each
 * with its own connection and page cache, started on the first read. Concurrent searches of a
 * large desk then run side by side instead of queueing at one thread: a million tickets on 2
 * cores, 32 concurrent searches 52 -> 91 a second, p99 807 -> 487 ms; the mixed agent load's p99
 * 708 -> 272 ms. At 20,000 tickets (searches of under a millisecond) the same within noise. One
 * more thread takes short reads only (startReaderPool).
 */
export const READER_THREADS = Math.min(4, Math.max(1, availableParallelism()));
/** SQLite's default: the connection checkpoints itself once the log holds this many pages. */
export const INLINE_CHECKPOINT_PAGES = 1000;
/**
 * With a thread checkpointing, the server's connection still checkpoints now and then (~40 MiB
 * of log), cheaply since the thread has copied nearly every page: the log starts over from its
 * beginning only after a checkpoint that a write transaction sees complete, and the thread's,
 * running beside a busy writer, rarely are. Measured against 4,000 pages: the same within noise;
 * against 1,000: creates 10-20 % slower.
 */
export const BACKGROUND_CHECKPOINT_PAGES = 10_000;
/** A write without a single bound parameter: values inlined by the ORM. */
const ONE_OFF_WRITE = /^\s*(insert|update|delete)\b[^?]*$/i;

/**
 * A `node:sqlite` database as Kysely's SQLite driver wants it, with its server pragmas and a cache
 * of compiled statements. Compiling SQL costs more than running a point query, so the statements
 * an app repeats are kept, least recently used out first (SQLite recompiles one itself if the
 * schema changes under it).
 */
export function openSqliteDatabase(path: string, busyTimeoutMs = LOCK_WAIT_SECONDS * 1000) {
  const db = new DatabaseSync(path);
  let checkpointer: Checkpointer | undefined;
  db.exec(`pragma busy_timeout = ${Math.max(0, Math.round(busyTimeoutMs))}`);
  if (path !== ':memory:') {
    db.exec('pragma journal_mode = wal');
    db.exec('pragma synchronous = normal');
    // 64 MiB of page cache instead of SQLite's 2 MiB: a large desk's hot index pages stay in
    // memory (the page cache is per connection, and the server holds one).
    db.exec('pragma cache_size = -65536');
    db.exec(`pragma wal_autocheckpoint = ${BACKGROUND_CHECKPOINT_PAGES}`);
    checkpointer = startCheckpointer(path, () => {
      // The thread is gone: this connection checkpoints as often as SQLite would by itself.
      if (db.isOpen) db.exec(`pragma wal_autocheckpoint = ${INLINE_CHECKPOINT_PAGES}`);
    });
  }
  db.exec('pragma foreign_keys = on');
  const compile = (sql: string) => {
    const statement = db.prepare(sql);
    return {
      reader: /^\s*(select|pragma|explain|with)/i.test(sql) || /\breturning\b/i.test(sql),
      all: (params: readonly unknown[]) => statement.all(...(params as never[])),
      run: (params: readonly unknown[]) => statement.run(...(params as never[])),
      iterate: (params: readonly unknown[]) => statement.iterate(...(params as never[])),
    };
  };
  return {
    // MikroORM 7 writes its values into the SQL text (mikro-orm#8001), so its inserts and updates
    // never repeat: caching them would only push out the statements that do.
    prepare: statementCache(compile, STATEMENT_CACHE_SIZE, (sql) => !ONE_OFF_WRITE.test(sql)),
    checkpointer,
    /** Closes without waiting for the checkpoint thread (see HelpdeskSqliteDialect for a clean stop). */
    close() {
      void checkpointer?.stop();
      db.close();
    },
  };
}

/**
 * Kysely dialect over Node's built-in `node:sqlite` (no native addon to compile), like MikroORM's
 * NodeSqliteDialect, plus the pragmas a server needs: WAL so readers never wait for the writer,
 * a busy timeout so a second process (a migration, a seed) waits instead of failing, foreign keys
 * on, and checkpoints in a thread of their own.
 */
export class HelpdeskSqliteDialect extends SqliteDialect {
  readonly #path: string;
  readonly #readerThreads: number;
  readonly #config: SqliteDialectConfig;
  readonly #opened: ReturnType<typeof openSqliteDatabase>[];
  #reader: { threads: OffThreadReader; kysely: Record<ReadLength, Kysely<unknown>> } | undefined;

  constructor(path: string, options: { busyTimeoutMs?: number; readerThreads?: number } = {}) {
    const opened: ReturnType<typeof openSqliteDatabase>[] = [];
    const config = {
      database: async () => {
        const database = openSqliteDatabase(path, options.busyTimeoutMs);
        opened.push(database);
        return database;
      },
    };
    super(config);
    this.#path = path;
    this.#readerThreads = options.readerThreads ?? READER_THREADS;
    this.#config = config;
    this.#opened = opened;
  }

  /**
   * A Kysely whose statements, reads of this length outside a transaction, run on threads of
   * their own (sqlite-reader.ts), started on first use. Null for an in-memory database (another
   * thread cannot open it) and once the threads have died: the caller reads on the server's
   * connection.
   */
  offThreadReader(length: ReadLength): Kysely<unknown> | null {
    if (this.#path === ':memory:') return null;
    if (!this.#reader) {
      const threads = startReaderPool(this.#path, STATEMENT_CACHE_SIZE, this.#readerThreads);
      const over = (forLength: ReadLength) =>
        new Kysely<unknown>({ dialect: new OffThreadReaderDialect(threads, forLength) });
      this.#reader = { threads, kysely: { long: over('long'), short: over('short') } };
    }
    return this.#reader.threads.failed ? null : this.#reader.kysely[length];
  }

  /** What the checkpoint thread of each connection opened so far has done. */
  get checkpoints(): CheckpointStats[] {
    return this.#opened.flatMap((database) => (database.checkpointer ? [database.checkpointer.stats] : []));
  }

  override createDriver(): Driver {
    return new HelpdeskSqliteDriver(this.#config, () =>
      Promise.all([
        ...this.#opened.map((database) => database.checkpointer?.stop()),
        this.#reader?.threads.stop(),
      ]),
    );
  }
}

/**
 * Two things Kysely's SQLite driver does not:
 * - Transactions begin with `begin immediate`, taking the database's write lock at once. A plain
 *   `begin` reads first and asks for the lock at its first write; if another connection (a second
 *   server on the same file during a rolling restart, `npm run user:create`, the search index's
 *   rebuild) wrote meanwhile, SQLite cannot serialize them and fails the write at once with
 *   "database is locked", without waiting. Asked at the start, the lock is waited for
 *   (`busy_timeout`, blocking the thread meanwhile, as every SQLite call does). Within one process
 *   nothing changes: its one connection runs one transaction at a time.
 * - It ends the checkpoint and reader threads before closing the server's connection, so that
 *   connection is the last one open and, as SQLite does on the last close, copies the whole log
 *   into the database file and removes it: a stopped server leaves one file, which a copy backs up
 *   whole.
 */
class HelpdeskSqliteDriver extends SqliteDriver {
  readonly #beforeClose: () => Promise<unknown>;
  /** Why the open transaction's `begin immediate` failed, until it is rolled back. */
  #refused: { error: unknown } | null = null;
  #guarded: DatabaseConnection | null = null;

  constructor(config: SqliteDialectConfig, beforeClose: () => Promise<unknown>) {
    super(config);
    this.#beforeClose = beforeClose;
  }

  /**
   * When the lock cannot be had within the busy timeout, this must still not throw: Kysely never
   * releases a connection whose transaction failed to begin (kysely-org/kysely#1990), and on
   * SQLite's single connection every later statement would wait for it forever. A plain `begin`
   * opens the transaction instead, and its first statement fails with the lock's error (see
   * acquireConnection), so the caller rolls it back and the connection is released.
   */
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    } catch (error) {
      await connection.executeQuery(CompiledQuery.raw('begin'));
      this.#refused = { error };
    }
  }

  override async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await super.acquireConnection();
    this.#guarded ??= {
      executeQuery: (query) => {
        const refused = this.#refused;
        if (!refused) return connection.executeQuery(query);
        if (query.sql === 'rollback') this.#refused = null;
        else return Promise.reject(refused.error);
        return connection.executeQuery(query);
      },
      streamQuery: (query, chunkSize) => {
        if (this.#refused) throw this.#refused.error;
        return connection.streamQuery(query, chunkSize);
      },
    };
    return this.#guarded;
  }

  override async destroy(): Promise<void> {
    await this.#beforeClose();
    await super.destroy();
  }
}

const insertDocument =
  'insert into ticket_search_fts(rowid, public_text, internal_text) values (new.id, new.public_text, new.internal_text);';
const deleteDocument =
  "insert into ticket_search_fts(ticket_search_fts, rowid, public_text, internal_text) values ('delete', old.id, old.public_text, old.internal_text);";

/**
 * SQLite's full-text index is an FTS5 table over `ticket_search` as external content (created in
 * a migration of its own); these triggers, declared as metadata so migrations and the schema
 * check know them, keep it in step with every write to `ticket_search`.
 */
export const sqliteSearchTriggers: TriggerDef[] = [
  { name: 'ticket_search_fts_insert', timing: 'after', events: ['insert'], body: insertDocument },
  { name: 'ticket_search_fts_delete', timing: 'after', events: ['delete'], body: deleteDocument },
  {
    name: 'ticket_search_fts_update',
    timing: 'after',
    events: ['update'],
    body: `${deleteDocument} ${insertDocument}`,
  },
];
