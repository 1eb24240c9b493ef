import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { createPool, type Pool } from 'mysql2/promise';

/**
 * The floor's database access: the same drivers the real server uses underneath its ORM
 * (`node:sqlite`'s DatabaseSync with WAL, or a `mysql2/promise` pool), and nothing else. `in (?)`
 * takes an array; every statement is counted for the metrics.
 */
export type Row = Record<string, unknown>;

export interface FloorDatabase {
  dialect: 'sqlite' | 'mysql';
  all(sql: string, params?: unknown[]): Promise<Row[]>;
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
  const db: FloorDatabase = {
    dialect: 'mysql',
    statements: 0,
    async all(sql, params = []) {
      db.statements++;
      const [rows] = await pool.query(sql, params);
      return rows as Row[];
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
    async close() {
      sqlite.close();
    },
  };
  return db;
}
