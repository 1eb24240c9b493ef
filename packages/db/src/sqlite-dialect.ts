import { DatabaseSync } from 'node:sqlite';
import type { TriggerDef } from '@mikro-orm/sql';
import { SqliteDialect } from 'kysely';

/**
 * Kysely dialect over Node's built-in `node:sqlite` (no native addon to compile), like MikroORM's
 * NodeSqliteDialect, plus the pragmas a server needs: WAL so readers never wait for the writer,
 * a busy timeout so a second process (a migration, a seed) waits instead of failing, and
 * foreign keys on.
 */
const STATEMENT_CACHE_SIZE = 500;

export class HelpdeskSqliteDialect extends SqliteDialect {
  constructor(path: string) {
    super({
      database: () => {
        const db = new DatabaseSync(path);
        db.exec('pragma busy_timeout = 5000');
        if (path !== ':memory:') {
          db.exec('pragma journal_mode = wal');
          db.exec('pragma synchronous = normal');
        }
        db.exec('pragma foreign_keys = on');
        // Compiling SQL costs more than running a point query: keep the compiled statements of the
        // queries an app repeats (SQLite recompiles one itself if the schema changes under it).
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
        return Promise.resolve({
          prepare(sql: string) {
            let compiled = statements.get(sql);
            if (!compiled) {
              compiled = compile(sql);
              if (statements.size >= STATEMENT_CACHE_SIZE)
                statements.delete(statements.keys().next().value as string);
              statements.set(sql, compiled);
            }
            return compiled;
          },
          close: () => db.close(),
        });
      },
    });
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
