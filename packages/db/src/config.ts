import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator } from '@mikro-orm/migrations';
import { MySqlDriver } from '@mikro-orm/mysql';
import { SeedManager } from '@mikro-orm/seeder';
import { type Options, SqliteDriver } from '@mikro-orm/sql';
import { CompiledQuery, type DatabaseConnection } from 'kysely';
import { entities } from './entities/index.ts';
import { repoRoot } from './env.ts';
import { LOCK_WAIT_SECONDS } from './lock-wait.ts';
import { HelpdeskSqliteDialect, sqliteSearchTriggers } from './sqlite-dialect.ts';

export type Dialect = 'mysql' | 'sqlite';

export type DatabaseTarget =
  | { dialect: 'mysql'; url: string; database: string }
  | { dialect: 'sqlite'; path: string };

export const DEFAULT_DATABASE_URL = 'sqlite:./data/helpdesk.db';

export class DatabaseUrlError extends Error {}

/**
 * Reads `DATABASE_URL`: `mysql://user:pass@host:3306/db`, or `sqlite:PATH` (`sqlite::memory:` for
 * a throw-away database). Unset means an SQLite file under ./data. Relative SQLite paths are taken
 * from the repository's root, so every command and workspace agrees on one file.
 */
export function parseDatabaseUrl(
  url: string = process.env.DATABASE_URL || DEFAULT_DATABASE_URL,
  baseDir: string = repoRoot,
): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/|\.)/, '');
    if (!path)
      throw new DatabaseUrlError('DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/helpdesk.db');
    if (path === ':memory:') return { dialect: 'sqlite', path };
    return { dialect: 'sqlite', path: isAbsolute(path) ? path : resolve(baseDir, path) };
  }
  if (url.startsWith('mysql://')) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DatabaseUrlError('DATABASE_URL is not a valid mysql:// URL');
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    if (!database)
      throw new DatabaseUrlError('DATABASE_URL: the mysql:// URL needs a database name, e.g. /helpdesk');
    return { dialect: 'mysql', url, database };
  }
  throw new DatabaseUrlError(
    `DATABASE_URL must start with mysql:// or sqlite: (got "${url.split(':')[0]}:...")`,
  );
}

/** Where each dialect's migrations live; both are generated from the same entities. */
export function migrationsPath(dialect: Dialect): string {
  return fileURLToPath(new URL(`./migrations/${dialect}`, import.meta.url));
}

export interface OrmOptionsExtra {
  /** Called with every SQL statement the ORM sends (used to count queries in tests and the bench). */
  onQuery?: (sql: string) => void;
  /** Connection pool size for MySQL. */
  poolSize?: number;
  /** How long a statement waits for a lock another transaction holds (default LOCK_WAIT_SECONDS). */
  lockWaitSeconds?: number;
}

export function createOrmOptions(target: DatabaseTarget, extra: OrmOptionsExtra = {}): Options {
  const lockWaitSeconds = extra.lockWaitSeconds ?? LOCK_WAIT_SECONDS;
  const common = {
    entities,
    extensions: [Migrator, SeedManager],
    forceUtcTimezone: true,
    // Entities are serialized by explicit mappers only; never by accident.
    serialization: { forceObject: true },
    migrations: {
      path: migrationsPath(target.dialect),
      glob: '!(*.d).{js,ts}',
      transactional: true,
      allOrNothing: true,
      // New migrations are diffed against a snapshot of the schema the previous ones built (kept
      // beside them), not against a live database: no server quirks, no database needed.
      snapshot: true,
      snapshotOnMigrate: false,
      snapshotName: '.snapshot',
      emit: 'ts' as const,
      silent: true,
    },
    discovery: {
      // SQLite has no FULLTEXT index: its full-text search is an FTS5 table (see its migrations),
      // so the entities' MySQL-only full-text indexes are dropped from SQLite's metadata.
      // Triggers keep SQLite's FTS5 table (ticket_search_fts) in step with ticket_search instead.
      // On MySQL, ticket_search has no foreign key: the full-text index is rebuilt by swapping it
      // for a copy (search-index.ts), and with a foreign key on it that RENAME took metadata locks
      // that made replies running meanwhile fail as deadlock victims. Nothing deletes tickets; the
      // rebuild removes documents whose ticket is gone, and searches join the tickets anyway.
      onMetadata(meta, platform) {
        if (!platform.constructor.name.startsWith('Sqlite')) {
          const ticket = meta.tableName === 'ticket_search' ? meta.properties.ticket : undefined;
          if (ticket) ticket.createForeignKeyConstraint = false;
          return;
        }
        meta.indexes = meta.indexes.filter((index) => index.type !== 'fulltext');
        if (meta.tableName === 'ticket_search') meta.triggers = sqliteSearchTriggers;
      },
    },
    schemaGenerator: {
      // The SQLite full-text index is an FTS5 virtual table the entities cannot describe.
      skipTables: [/^ticket_search_fts/],
    },
    ...(extra.onQuery ? queryLogging(extra.onQuery) : {}),
  } satisfies Options;

  if (target.dialect === 'mysql') {
    return {
      ...common,
      driver: MySqlDriver,
      clientUrl: target.url,
      pool: { min: 0, max: extra.poolSize ?? 10 },
      driverOptions: { timezone: 'Z', supportBigNumbers: true },
      // Whole seconds, at least one: MySQL's unit and minimum.
      onCreateConnection: (connection) =>
        (connection as DatabaseConnection)
          .executeQuery(
            CompiledQuery.raw(
              `set session innodb_lock_wait_timeout = ${Math.max(1, Math.ceil(lockWaitSeconds))}`,
            ),
          )
          .then(() => undefined),
    };
  }
  if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
  return {
    ...common,
    driver: SqliteDriver,
    dbName: target.path,
    driverOptions: new HelpdeskSqliteDialect(target.path, { busyTimeoutMs: lockWaitSeconds * 1000 }),
  };
}

function queryLogging(onQuery: (sql: string) => void): Partial<Options> {
  return {
    debug: ['query'],
    loggerFactory: () => ({
      log() {},
      error() {},
      warn() {},
      logQuery(context) {
        if (context.query) onQuery(context.query);
      },
      setDebugMode() {},
      isEnabled: (namespace) => namespace === 'query',
    }),
  };
}
