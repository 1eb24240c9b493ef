/**
 * The background checkpointer's thread (started by `startCheckpointer`): a connection of its own
 * that copies the write-ahead log back into the database file every few milliseconds.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openThreadConnection } from './sqlite-thread.ts';

const { path, intervalMs } = workerData as { path: string; intervalMs: number };
const SQLITE_BUSY = 5;

const db = openThreadConnection(path);
// A checkpoint reads frames from the log, not pages through the cache: keep it small.
db.exec('pragma cache_size = -256');
// PASSIVE copies what no reader still needs and never waits for, or blocks, the server's writer.
const checkpoint = db.prepare('pragma wal_checkpoint(PASSIVE)');

let last = '';
const timer = setInterval(() => {
  try {
    const { log, checkpointed } = checkpoint.get() as { log: number; checkpointed: number };
    // Only news is worth waking the server's event loop for: an idle desk sends nothing.
    if (`${log}/${checkpointed}` === last) return;
    last = `${log}/${checkpointed}`;
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
