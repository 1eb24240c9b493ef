/**
 * The off-thread reader's thread (started by `startReader`): a connection of its own that runs
 * the read-only statements it is sent, one at a time, and posts their rows back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openThreadConnection, statementCache } from './sqlite-thread.ts';

const { path, statementCacheSize } = workerData as { path: string; statementCacheSize: number };

export interface ReadRequest {
  id: number;
  sql: string;
  parameters: readonly unknown[];
}
export type ReadAnswer =
  | { id: number; rows: unknown[] }
  | { id: number; error: { message: string; code?: string; errcode?: number } };

const db = openThreadConnection(path);
// This connection never writes, whatever it is sent.
db.exec('pragma query_only = 1');
db.exec('pragma cache_size = -65536');

const statementFor = statementCache((sql) => db.prepare(sql), statementCacheSize);

parentPort?.on('message', (message: ReadRequest | 'stop') => {
  if (message === 'stop') {
    db.close();
    parentPort?.close();
    return;
  }
  let answer: ReadAnswer;
  try {
    answer = { id: message.id, rows: statementFor(message.sql).all(...(message.parameters as never[])) };
  } catch (error) {
    const { message: text, code, errcode } = error as { message: string; code?: string; errcode?: number };
    answer = { id: message.id, error: { message: text, code, errcode } };
  }
  parentPort?.postMessage(answer);
});
