import { type EntityManager, Setting } from '@helpdesk/db';
import { settingValueSchemas, type UpdateSettingsInput } from '@helpdesk/validators';
import { z } from 'zod';
import type { Actor } from '../context.ts';
import { audit } from './audit.ts';
import { fieldChanges } from './audit-log.ts';

/**
 * Desk-wide settings with their defaults; stored values are validated on read as well as write.
 * The accepted values are shared with front-ends (`settingValueSchemas`); the defaults live here.
 */
export const settingsSchema = z.strictObject({
  autoCloseDays: settingValueSchemas.autoCloseDays.default(7),
  /** Agents and admins must turn on two-factor sign-in before they can do anything else. */
  requireTwoFactorForStaff: settingValueSchemas.requireTwoFactorForStaff.default(false),
});
export type Settings = z.output<typeof settingsSchema>;
export const settingKeys = Object.keys(settingsSchema.shape) as (keyof Settings)[];

export async function getSettings(em: EntityManager): Promise<Settings> {
  const rows = await em.find(Setting, { key: { $in: settingKeys } });
  const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  const parsed = settingsSchema.safeParse(stored);
  // A value that no longer validates (an older version wrote it) falls back to the default.
  return parsed.success ? parsed.data : settingsSchema.parse({});
}

/**
 * The settings as every request may read them: the database, remembered for a few seconds per
 * server process. Each request of staff checks a setting (two-factor required?); reading the
 * table each time cost as much as the request's own query. A change shows on this instance at
 * once and on the others within the time-to-live; the database stays the only source.
 */
export class SettingsCache {
  readonly #ttlMs: number;
  #value: Settings | undefined;
  #expiresAt = 0;

  constructor(ttlMs: number) {
    this.#ttlMs = ttlMs;
  }

  async get(em: EntityManager, now = Date.now()): Promise<Settings> {
    if (this.#value && now < this.#expiresAt) return this.#value;
    const value = await getSettings(em);
    this.#value = value;
    this.#expiresAt = now + this.#ttlMs;
    return value;
  }

  forget(): void {
    this.#value = undefined;
  }
}

/**
 * Stores the settings given (one row per key), audited with each one's old and new value.
 * Answers the settings now in force; a change to nothing writes nothing.
 */
export async function updateSettings(
  em: EntityManager,
  actor: Actor,
  input: UpdateSettingsInput,
  now = new Date(),
): Promise<Settings> {
  return em.transactional(async (tx) => {
    const current = await getSettings(tx);
    const changes = fieldChanges(current, input);
    if (Object.keys(changes).length === 0) return current;
    const rows = await tx.find(Setting, { key: { $in: Object.keys(changes) } });
    const byKey = new Map(rows.map((row) => [row.key, row]));
    for (const [key, { to }] of Object.entries(changes)) {
      const row = byKey.get(key);
      if (row) {
        row.value = to;
        row.updatedAt = now;
      } else tx.create(Setting, { key, value: to, updatedAt: now });
    }
    audit(tx, actor, 'settings.updated', { type: 'settings' }, { changes }, now);
    await tx.flush();
    return getSettings(tx);
  });
}
