import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { createPool, type Pool, type PoolConnection } from 'mysql2/promise';

/**
 * The floor's database access: the same drivers the real server uses underneath its ORM
 * (`node:sqlite`'s DatabaseSync with WAL, or a `mysql2/promise` pool), and nothing else. `in (?)`
 * takes an array; every statement is counted for the metrics (as in Helpdesk, `begin` and
 * `commit` are not).
 */
export type Row = Record<string, unknown>;

/** Statements, on the pool or inside one transaction. */
export interface FloorQueries {
  dialect: 'sqlite' | 'mysql';
  all(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface FloorDatabase extends FloorQueries {
  /** Runs `work` in a transaction (SQLite: `begin immediate`, as Helpdesk's), rolled back if it throws. */
  transaction<T>(work: (tx: FloorQueries) => Promise<T>): Promise<T>;
  statements: number;
  close(): Promise<void>;
}

export function openFloorDatabase(url: string): FloorDatabase {
  if (url.startsWith('mysql://')) return openMysql(url);
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  throw new Error('DATABASE_URL must be mysql://… or sqlite:PATH');
}

function openMysql(url: string): FloorDatabase {
  // The real server's pool: 10 connections, UTC, big numbers as strings.
  const pool: Pool = createPool({ uri: url, connectionLimit: 10, timezone: 'Z', supportBigNumbers: true });
  const on = (runner: Pool | PoolConnection): FloorQueries['all'] => {
    return async (sql, params = []) => {
      db.statements++;
      const [rows] = await runner.query(sql, params);
      return rows as Row[];
    };
  };
  const db: FloorDatabase = {
    dialect: 'mysql',
    statements: 0,
    all: on(pool),
    async transaction(work) {
      const connection = await pool.getConnection();
      try {
        await connection.beginTransaction();
        try {
          const result = await work({ dialect: 'mysql', all: on(connection) });
          await connection.commit();
          return result;
        } catch (error) {
          await connection.rollback();
          throw error;
        }
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
  return db;
}

function openSqlite(path: string): FloorDatabase {
  const sqlite = new DatabaseSync(path);
  sqlite.exec('pragma busy_timeout = 5000');
  sqlite.exec('pragma journal_mode = wal');
  sqlite.exec('pragma synchronous = normal');
  sqlite.exec('pragma cache_size = -65536');
  sqlite.exec('pragma foreign_keys = on');
  const prepared = new Map<string, StatementSync>();
  // One connection: a transaction has it to itself until it ends (another request's statements,
  // resumed between this one's awaits, would otherwise land inside it).
  let turn: Promise<unknown> = Promise.resolve();
  const db: FloorDatabase = {
    dialect: 'sqlite',
    statements: 0,
    async all(sql, params = []) {
      db.statements++;
      // `in (?)` with an array becomes one placeholder per element, as mysql2 does it.
      const flat: unknown[] = [];
      let i = 0;
      const text = sql.replace(/\?/g, () => {
        const value = params[i++];
        if (!Array.isArray(value)) {
          flat.push(typeof value === 'boolean' ? Number(value) : value);
          return '?';
        }
        flat.push(...value);
        return value.map(() => '?').join(', ');
      });
      let statement = prepared.get(text);
      if (!statement) {
        statement = sqlite.prepare(text);
        prepared.set(text, statement);
      }
      return statement.all(...(flat as never[])) as Row[];
    },
    transaction<T>(work: (tx: FloorQueries) => Promise<T>): Promise<T> {
      const run = async () => {
        sqlite.exec('begin immediate');
        try {
          const result = await work(db);
          sqlite.exec('commit');
          return result;
        } catch (error) {
          sqlite.exec('rollback');
          throw error;
        }
      };
      const result = turn.then(run, run);
      turn = result.catch(() => undefined);
      return result;
    },
    async close() {
      sqlite.close();
    },
  };
  return db;
}
