import { MikroORM, type SqlEntityManager } from '@mikro-orm/sql';
import { createOrmOptions, type DatabaseTarget, type OrmOptionsExtra, parseDatabaseUrl } from './config.ts';

export type Orm = MikroORM;
export type EntityManager = SqlEntityManager;

export interface Database {
  orm: Orm;
  target: DatabaseTarget;
}

/** Connects to the database `DATABASE_URL` names (or `url`). Does not migrate: see `migrate()`. */
export async function openDatabase(options: OrmOptionsExtra & { url?: string } = {}): Promise<Database> {
  const target = parseDatabaseUrl(options.url);
  const orm = await MikroORM.init(createOrmOptions(target, options));
  // MikroORM 7 makes its MySQL client on the first ORM query; the repositories' hand-written
  // Kysely queries need it before that (a fresh instance's first request validates a session).
  await orm.connect();
  return { orm, target };
}

/** A description safe to print: no password. */
export function describeTarget(target: DatabaseTarget): string {
  if (target.dialect === 'sqlite') return `SQLite ${target.path}`;
  const url = new URL(target.url);
  return `MySQL ${url.hostname}:${url.port || 3306}/${target.database}`;
}
