/**
 * The background checkpointer's thread (started by `startCheckpointer`): a connection of its own
 * that copies the write-ahead log back into the database file every few milliseconds.
 */
import { DatabaseSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const SQLITE_BUSY = 5;

// mode=rw: if the server's file is gone before this thread starts (a test's throw-away desk),
// fail instead of creating an empty database where it was.
const url = pathToFileURL(path);
url.searchParams.set('mode', 'rw');
const db = new DatabaseSync(url);
// A migration or a seed in another process may hold the file for a moment.
db.exec('pragma busy_timeout = 5000');
// A checkpoint reads frames from the log, not pages through the cache: keep it small.
db.exec('pragma cache_size = -256');
// PASSIVE copies what no reader still needs and never waits for, or blocks, the server's writer.
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');

const timer = setInterval(() => {
  try {
    const { log, checkpointed } = checkpoint.get() as { log: number; checkpointed: number };
    parentPort?.postMessage({ log, checkpointed });
  } catch (error) {
    // Another connection is checkpointing or recovering the log: try again at the next tick.
    if (((error as { errcode?: number }).errcode ?? 0) % 256 !== SQLITE_BUSY) throw error;
  }
}, intervalMs);

parentPort?.once('message', () => {
  clearInterval(timer);
  db.close();
  parentPort?.close();
});
