/** The periods the home screen offers; the report itself takes any range up to a year. */
export const RANGE_DAYS = [7, 30, 90] as const;
export type RangeDays = (typeof RANGE_DAYS)[number];
export const DEFAULT_RANGE: RangeDays = 30;

const DAY_MS = 86_400_000;

export function isRangeDays(value: unknown): value is RangeDays {
  return RANGE_DAYS.includes(Number(value) as RangeDays);
}

/**
 * The last `days` UTC days, today included: the report counts per UTC day, so local midnight
 * would shift the range by a day for anyone far from Greenwich.
 */
export function reportRange(days: RangeDays, now = new Date()): { from: string; to: string } {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  return { from: day(new Date(now.getTime() - (days - 1) * DAY_MS)), to: day(now) };
}

const shortDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A report day (`YYYY-MM-DD`, UTC) as people read it: "Mar 4", or "Mar 4, 2026" in full. */
export function formatDay(date: string, style: 'short' | 'long' = 'short'): string {
  const at = new Date(`${date}T00:00:00Z`);
  return (style === 'short' ? shortDay : longDay).format(at);
}

/** A median duration in the two largest units that matter: "45 min", "3 h 20 min", "2 d 4 h". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '—';
  const minutes = Math.round(seconds / 60);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}
