import { MySqlPlatform } from '@mikro-orm/mysql';
import { LockMode } from '@mikro-orm/sql';
import type { Dialect } from '../config.ts';
import type { EntityManager } from '../orm.ts';

export function dialectOf(em: EntityManager): Dialect {
  return em.getPlatform() instanceof MySqlPlatform ? 'mysql' : 'sqlite';
}

/**
 * Dates as each driver stores them, for hand-written queries: SQLite keeps epoch milliseconds,
 * MySQL a `datetime(3)` in UTC, given as the text mysql2 would send for the Date (it is configured
 * with timezone Z). Both are plain values, so `preparedQuery` can take them as parameters (a Date
 * object would make it build and compile the query every time).
 */
export function toDbDate(dialect: Dialect, date: Date): Date {
  // Typed as Date because that is what the entity (and so Kysely's column type) says.
  return (dialect === 'sqlite'
    ? date.getTime()
    : date.toISOString().replace('T', ' ').slice(0, 23)) as unknown as Date;
}

/** The reverse of `toDbDate` for raw rows: epoch numbers from SQLite, UTC strings from MySQL. */
export function fromDbDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  if (typeof value === 'string')
    return new Date(/^\d+$/.test(value) ? Number(value) : `${value.replace(' ', 'T')}Z`);
  throw new TypeError(`Not a date: ${String(value)}`);
}

export function fromDbDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : fromDbDate(value);
}

/** A JSON column of a raw row: text on SQLite, already parsed by MySQL's driver. */
export function fromDbJson<T>(value: unknown, empty: T): T {
  return ((typeof value === 'string' ? JSON.parse(value) : value) ?? empty) as T;
}

/**
 * The lock that serialises writers of one row inside a transaction: `SELECT ... FOR UPDATE` on
 * MySQL. SQLite has no row locks and needs none here: the single connection already runs one
 * transaction at a time.
 */
export function rowWriteLock(em: EntityManager): { lockMode?: LockMode.PESSIMISTIC_WRITE } {
  return dialectOf(em) === 'mysql' ? { lockMode: LockMode.PESSIMISTIC_WRITE } : {};
}
