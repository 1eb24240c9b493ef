import type { Orm } from './orm.ts';

export interface MigrateOptions {
  /** Told before each pending migration runs, for progress output. */
  onMigration?: (name: string, index: number, total: number) => void;
}

/** Applies every pending migration of the ORM's dialect; answers the names applied. */
export async function migrate(orm: Orm, options: MigrateOptions = {}): Promise<string[]> {
  const pending = await orm.migrator.getPending();
  const applied: string[] = [];
  for (const [index, migration] of pending.entries()) {
    options.onMigration?.(migration.name, index + 1, pending.length);
    await orm.migrator.up({ to: migration.name });
    applied.push(migration.name);
  }
  return applied;
}
