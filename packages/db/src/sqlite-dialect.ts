import { DatabaseSync } from 'node:sqlite';
import type { TriggerDef } from '@mikro-orm/sql';
import { SqliteDialect } from 'kysely';

export const STATEMENT_CACHE_SIZE = 500;
/** A write without a single bound parameter: values inlined by the ORM. */
const ONE_OFF_WRITE = /^\s*(insert|update|delete)\b[^?]*$/i;

/**
 * A `node:sqlite` database as Kysely's SQLite driver wants it, with its server pragmas and a cache
 * of compiled statements. Compiling SQL costs more than running a point query, so the statements
 * an app repeats are kept, least recently used out first (SQLite recompiles one itself if the
 * schema changes under it).
 */
export function openSqliteDatabase(path: string) {
  const db = new DatabaseSync(path);
  db.exec('pragma busy_timeout = 5000');
  if (path !== ':memory:') {
    db.exec('pragma journal_mode = wal');
    db.exec('pragma synchronous = normal');
    // 64 MiB of page cache instead of SQLite's 2 MiB: a large desk's hot index pages stay in
    // memory (the page cache is per connection, and the server holds one).
    db.exec('pragma cache_size = -65536');
  }
  db.exec('pragma foreign_keys = on');
  const statements = new Map<string, ReturnType<typeof compile>>();
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
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached) {
        // A statement in use moves to the back of the line.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const compiled = compile(sql);
      // MikroORM 7 writes its values into the SQL text (mikro-orm#8001), so its inserts and
      // updates never repeat: caching them would only push out the statements that do.
      if (!ONE_OFF_WRITE.test(sql)) {
        if (statements.size >= STATEMENT_CACHE_SIZE)
          statements.delete(statements.keys().next().value as string);
        statements.set(sql, compiled);
      }
      return compiled;
    },
    close: () => db.close(),
  };
}

/**
 * Kysely dialect over Node's built-in `node:sqlite` (no native addon to compile), like MikroORM's
 * NodeSqliteDialect, plus the pragmas a server needs: WAL so readers never wait for the writer,
 * a busy timeout so a second process (a migration, a seed) waits instead of failing, and
 * foreign keys on.
 */
export class HelpdeskSqliteDialect extends SqliteDialect {
  constructor(path: string) {
    super({ database: () => Promise.resolve(openSqliteDatabase(path)) });
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
