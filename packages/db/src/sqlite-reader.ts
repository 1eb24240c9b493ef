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

/**
 * How long a read may take: `long` when its cost grows with the desk (a full-text search, a count
 * of every document), `short` when it is bounded by what it answers (a page of a list, a
 * conversation). A short read never waits behind a long one (startReaderPool).
 */
export type ReadLength = 'long' | 'short';

export interface OffThreadReader {
  /** Runs one read-only statement on the thread's connection. */
  query(sql: string, parameters: readonly unknown[], length: ReadLength): Promise<unknown[]>;
  /** The thread has died (its error is what every later query rejects with). */
  readonly failed: boolean;
  /** Statements sent and not yet answered. */
  readonly waiting: number;
  /** Long reads among them. */
  readonly waitingLong: number;
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
  const pending = new Map<
    number,
    { resolve: (rows: unknown[]) => void; reject: (error: Error) => void; length: ReadLength }
  >();
  let nextId = 0;
  let waitingLong = 0;
  let failure: Error | undefined;
  const failAll = (error: Error) => {
    failure ??= error;
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
    waitingLong = 0;
  };
  const thread = startSqliteThread('./sqlite-reader-worker.ts', { path, statementCacheSize }, failAll);
  const { worker } = thread;
  void thread.exited.then(() => failAll(new ReaderUnavailableError('The SQLite reader thread has ended')));
  worker.on('message', (answer: ReadAnswer) => {
    const waiting = pending.get(answer.id);
    if (!waiting) return;
    pending.delete(answer.id);
    if (waiting.length === 'long') waitingLong--;
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
    get waitingLong() {
      return waitingLong;
    },
    query(sql, parameters, length) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      return new Promise<unknown[]>((resolve, reject) => {
        pending.set(id, { resolve, reject, length });
        if (length === 'long') waitingLong++;
        if (pending.size === 1) worker.ref();
        worker.postMessage({ id, sql, parameters } satisfies ReadRequest);
      });
    },
    stop: thread.stop,
  };
}

/**
 * Readers behind one: `longThreads` for every read, and one more for short reads only. A thread
 * runs its statements one after another, so a page sent to a thread with searches waiting waits
 * for them: at a million tickets, with 8 agents searching, a queue page took 70 ms instead of
 * 4 (bench/HISTORY.md, round 12).
 *
 * A long read goes to the shared thread with the fewest statements waiting. A short one goes to
 * the shared thread with the fewest waiting among those with no long read waiting, and only when
 * every shared thread has one, to the short-only thread: sent there whenever it was idle, pages
 * cost a third more CPU (20,000 tickets, no searches), each waking a thread of its own. Failed
 * readers are left out (with every shared one failed, long reads take the short-only thread);
 * the pool has failed when every reader has.
 */
export function startReaderPool(
  path: string,
  statementCacheSize: number,
  longThreads: number,
): OffThreadReader {
  const shared = Array.from({ length: Math.max(1, longThreads) }, () =>
    startReader(path, statementCacheSize),
  );
  const shortOnly = startReader(path, statementCacheSize);
  const readers = [...shared, shortOnly];
  const fewestWaiting = (candidates: OffThreadReader[]) =>
    candidates
      .filter((reader) => !reader.failed)
      .reduce<OffThreadReader | undefined>(
        (best, reader) => (best && best.waiting <= reader.waiting ? best : reader),
        undefined,
      );
  return {
    get failed() {
      return readers.every((reader) => reader.failed);
    },
    get waiting() {
      return readers.reduce((sum, reader) => sum + reader.waiting, 0);
    },
    get waitingLong() {
      return readers.reduce((sum, reader) => sum + reader.waitingLong, 0);
    },
    query(sql, parameters, length) {
      const reader =
        (length === 'short'
          ? (fewestWaiting(shared.filter((candidate) => candidate.waitingLong === 0)) ??
            fewestWaiting([shortOnly]))
          : fewestWaiting(shared)) ??
        fewestWaiting(readers) ??
        // With every reader failed, the first answers with its failure.
        (readers[0] as OffThreadReader);
      return reader.query(sql, parameters, length);
    },
    async stop() {
      await Promise.all(readers.map((reader) => reader.stop()));
    },
  };
}

/** Kysely over the reader for reads of one length: SQLite's SQL, statements sent to the thread, no transactions. */
export class OffThreadReaderDialect implements KyselyDialect {
  readonly #reader: OffThreadReader;
  readonly #length: ReadLength;

  constructor(reader: OffThreadReader, length: ReadLength) {
    this.#reader = reader;
    this.#length = length;
  }

  createDriver(): Driver {
    return new OffThreadReaderDriver(this.#reader, this.#length);
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

  constructor(reader: OffThreadReader, length: ReadLength) {
    this.#connection = {
      async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
        return { rows: (await reader.query(query.sql, query.parameters, length)) as R[] };
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
