import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * What the SQLite file's helper threads (the checkpointer, the reader) share: how one is started
 * and stopped from the server's side, and how it opens its own connection on its side.
 */
export interface SqliteThread {
  worker: Worker;
  /** Resolves when the thread has ended, however it ended. */
  exited: Promise<void>;
  /** Asks the thread to close its connection and end; resolves when it has. */
  stop(): Promise<void>;
}

/**
 * Starts `script` (a module beside this one) with `data` as its workerData. The thread never keeps
 * a process alive by itself (a CLI that forgets to close its database still ends); `onError` hears
 * of its death, which must not take the server with it.
 */
export function startSqliteThread(
  script: string,
  data: object,
  onError: (error: Error) => void,
): SqliteThread {
  const worker = new Worker(new URL(script, import.meta.url), { workerData: data });
  worker.unref();
  worker.on('error', onError);
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let stopped: Promise<void> | undefined;
  return {
    worker,
    exited,
    stop() {
      // Once, however many owners ask (the driver stops the threads, then closes the connection,
      // whose own close asks again). Held until the thread has ended: a process with nothing else
      // left to do (a CLI closing its database) would otherwise exit before hearing back.
      stopped ??= (() => {
        worker.ref();
        worker.postMessage('stop');
        return exited;
      })();
      return stopped;
    },
  };
}

/** In a helper thread: its own connection to the server's file. */
export function openThreadConnection(path: string): DatabaseSync {
  // mode=rw: if the server's file is gone before the thread starts (a test's throw-away desk),
  // fail instead of creating an empty database where it was.
  const url = pathToFileURL(path);
  url.searchParams.set('mode', 'rw');
  const db = new DatabaseSync(url);
  // A migration or a seed in another process may hold the file for a moment.
  db.exec('pragma busy_timeout = 5000');
  return db;
}

/**
 * Compiled statements by SQL text, least recently used out first once `limit` are kept. `keep`
 * says which are worth keeping at all.
 */
export function statementCache<T>(
  compile: (sql: string) => T,
  limit: number,
  keep: (sql: string) => boolean = () => true,
): (sql: string) => T {
  const statements = new Map<string, T>();
  return (sql) => {
    const cached = statements.get(sql);
    if (cached) {
      // A statement in use moves to the back of the line.
      statements.delete(sql);
      statements.set(sql, cached);
      return cached;
    }
    const compiled = compile(sql);
    if (keep(sql)) {
      if (statements.size >= limit) statements.delete(statements.keys().next().value as string);
      statements.set(sql, compiled);
    }
    return compiled;
  };
}
