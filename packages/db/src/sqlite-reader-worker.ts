/**
 * The off-thread reader's thread (started by `startReader`): a connection of its own that runs
 * the read-only statements it is sent, one at a time, and posts their rows back.
 */
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const { path, statementCacheSize } = workerData as { path: string; statementCacheSize: number };

export interface ReadRequest {
  id: number;
  sql: string;
  parameters: unknown[];
}
export type ReadAnswer =
  | { id: number; rows: unknown[] }
  | { id: number; error: { message: string; code?: string; errcode?: number } };

// mode=rw: never create a database where the server's file was (see the checkpointer).
const url = pathToFileURL(path);
url.searchParams.set('mode', 'rw');
const db = new DatabaseSync(url);
db.exec('pragma busy_timeout = 5000');
// This connection never writes, whatever it is sent.
db.exec('pragma query_only = 1');
db.exec('pragma cache_size = -65536');

const statements = new Map<string, StatementSync>();
function statementFor(sql: string): StatementSync {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (statements.size >= statementCacheSize) statements.delete(statements.keys().next().value as string);
    statements.set(sql, statement);
  }
  return statement;
}

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
