import { type EntityManager, Setting } from '@helpdesk/db';
import { z } from 'zod';

/** Desk-wide settings with their defaults; stored values are validated on read as well as write. */
export const settingsSchema = z.strictObject({
  /** Solved tickets close by themselves after this many days without a customer reply. */
  autoCloseDays: z.number().int().min(1).max(365).default(7),
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
