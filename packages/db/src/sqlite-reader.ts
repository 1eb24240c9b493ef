import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type Kysely,
  type Dialect as KyselyDialect,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import type { ReadAnswer, ReadRequest } from './sqlite-reader-worker.ts';
import { startSqliteThread } from './sqlite-thread.ts';

class ReaderUnavailableError extends Error {}

export interface OffThreadReader {
  /** Runs one read-only statement on the thread's connection. */
  query(sql: string, parameters: readonly unknown[]): Promise<unknown[]>;
  /** The thread has died (its error is what every later query rejects with). */
  readonly failed: boolean;
  /** Statements sent and not yet answered. */
  readonly waiting: number;
  /** Asks the thread to close its connection and end; resolves when it has. */
  stop(): Promise<void>;
}

/**
 * Starts a thread with a connection of its own to the SQLite file at `path`, for statements that
 * read long enough to matter: `node:sqlite` runs a statement on the calling thread, so on the
 * server's connection a 15 ms full-text search (a million tickets) holds up every other request
 * for 15 ms, and the server's one connection runs one statement at a time. The thread runs beside
 * them, on the other core, and sees what was committed when each of its statements starts.
 */
export function startReader(path: string, statementCacheSize: number): OffThreadReader {
  const pending = new Map<number, { resolve: (rows: unknown[]) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  const thread = startSqliteThread('./sqlite-reader-worker.ts', { path, statementCacheSize }, failAll);
  const { worker } = thread;
  void thread.exited.then(() => failAll(new ReaderUnavailableError('The SQLite reader thread has ended')));
  worker.on('message', (answer: ReadAnswer) => {
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if (!pending.size) worker.unref();
    if ('rows' in answer) waiting.resolve(answer.rows);
    else waiting.reject(Object.assign(new Error(answer.error.message), answer.error));
  });
  return {
    get failed() {
      return failure !== undefined;
    },
    get waiting() {
      return pending.size;
    },
    query(sql, parameters) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<unknown[]>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (pending.size === 1) worker.ref();
        worker.postMessage({ id, sql, parameters } satisfies ReadRequest);
      });
    },
    stop: thread.stop,
  };
}

/**
 * Several readers behind one: each statement goes to the reader with the fewest statements
 * waiting, so one long search does not hold up the others. Failed readers are left out; the pool
 * has failed when every reader has.
 */
export function startReaderPool(path: string, statementCacheSize: number, size: number): OffThreadReader {
  const readers = Array.from({ length: Math.max(1, size) }, () => startReader(path, statementCacheSize));
  return {
    get failed() {
      return readers.every((reader) => reader.failed);
    },
    get waiting() {
      return readers.reduce((sum, reader) => sum + reader.waiting, 0);
    },
    query(sql, parameters) {
      const live = readers.filter((reader) => !reader.failed);
      // With every reader failed, the first answers with its failure.
      const reader = live.reduce(
        (best, candidate) => (candidate.waiting < best.waiting ? candidate : best),
        live[0] ?? (readers[0] as OffThreadReader),
      );
      return reader.query(sql, parameters);
    },
    async stop() {
      await Promise.all(readers.map((reader) => reader.stop()));
    },
  };
}

/** Kysely over the reader: SQLite's SQL, statements sent to the thread, no transactions. */
export class OffThreadReaderDialect implements KyselyDialect {
  readonly #reader: OffThreadReader;

  constructor(reader: OffThreadReader) {
    this.#reader = reader;
  }

  createDriver(): Driver {
    return new OffThreadReaderDriver(this.#reader);
  }

  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }

  createAdapter() {
    return new OffThreadReaderAdapter();
  }

  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db);
  }
}

/**
 * SQLite's adapter tells Kysely there is one connection, and Kysely then lets one statement out
 * at a time, each holding the lock until the event loop has taken its answer: searches queued for
 * the main thread's turns (150 ms in a mixed load) instead of for the thread.
 */
class OffThreadReaderAdapter extends SqliteAdapter {
  override get supportsMultipleConnections() {
    return true;
  }
}

const notHere = () =>
  Promise.reject(new Error('The off-thread reader runs single read-only statements, never a transaction'));

/**
 * One connection object for every caller and no lock: statements queue at the thread, which runs
 * them in turn, so an asker waits for searches only, never for the server's writes.
 */
class OffThreadReaderDriver implements Driver {
  readonly #connection: DatabaseConnection;

  constructor(reader: OffThreadReader) {
    this.#connection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        return { rows: (await reader.query(query.sql, query.parameters)) as R[] };
      },
      // biome-ignore lint/correctness/useYield: streaming is refused before anything is read
      async *streamQuery() {
        throw new Error('The off-thread reader does not stream');
      },
    };
  }

  async init() {}
  async acquireConnection() {
    return this.#connection;
  }
  beginTransaction = notHere;
  commitTransaction = notHere;
  rollbackTransaction = notHere;
  async releaseConnection() {}
  // The reader's owner (HelpdeskSqliteDialect) stops the thread when it closes.
  async destroy() {}
}
