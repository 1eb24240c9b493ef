import { startSqliteThread } from './sqlite-thread.ts';

/** How often the background thread checkpoints (milliseconds). */
export const CHECKPOINT_INTERVAL_MS = 50;

export interface CheckpointStats {
  /** Checkpoints the thread has reported (it reports those that found the log changed). */
  runs: number;
  /** Frames in the log at its last run, and how many of them were in the database file after. */
  log: number;
  checkpointed: number;
  /** Why the thread stopped, if it stopped before `stop()`. */
  failure?: Error;
}

export interface Checkpointer {
  readonly stats: CheckpointStats;
  /** Asks the thread to close its connection and end; resolves when it has. */
  stop(): Promise<void>;
}

/**
 * Starts a thread that checkpoints the SQLite file at `path` in the background. A checkpoint
 * writes the log's pages into the database file and syncs it to disk: on the server's own
 * connection that is several milliseconds every few dozen writes, during which no request runs
 * (a ticket's creation dirties ~40 pages: the ticket's 17 indexes, its message, event and search
 * document). In a thread it overlaps with the requests instead. `onFailure` is called if the
 * thread dies; the caller then checkpoints on its own connection again.
 */
export function startCheckpointer(
  path: string,
  onFailure: (error: Error) => void,
  intervalMs = CHECKPOINT_INTERVAL_MS,
): Checkpointer {
  const stats: CheckpointStats = { runs: 0, log: 0, checkpointed: 0 };
  const thread = startSqliteThread('./sqlite-checkpointer-worker.ts', { path, intervalMs }, (error) => {
    stats.failure = error;
    onFailure(error);
  });
  thread.worker.on('message', (message: { log: number; checkpointed: number }) => {
    stats.runs++;
    stats.log = message.log;
    stats.checkpointed = message.checkpointed;
  });
  return { stats, stop: thread.stop };
}
