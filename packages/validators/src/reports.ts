import { z } from 'zod';
import { idSchema } from './common.ts';
import type { TicketStatus } from './domain.ts';

/** The statuses of tickets still waiting for something: the backlog. */
export const backlogStatuses = [
  'new',
  'open',
  'pending',
  'on_hold',
] as const satisfies readonly TicketStatus[];

/** The longest range one report covers: a leap year, so "this year" always fits. */
export const MAX_REPORT_DAYS = 366;

const DAY_MS = 86_400_000;

/** How many UTC days `from` to `to` spans, both included (0 or less when `to` is before `from`). */
export function reportDayCount(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
}

export const reportsOverviewInput = z
  .strictObject({
    /** First UTC day of the range (`YYYY-MM-DD`), included. */
    from: z.iso.date(),
    /** Last UTC day of the range, included. */
    to: z.iso.date(),
    /** Narrows every figure to this team's tickets. */
    teamId: idSchema.optional(),
  })
  .refine((input) => input.from <= input.to, { message: 'Must not be before `from`', path: ['to'] })
  .refine((input) => input.from > input.to || reportDayCount(input.from, input.to) <= MAX_REPORT_DAYS, {
    message: `A report covers at most ${MAX_REPORT_DAYS} days`,
    path: ['to'],
  });
export type ReportsOverviewInput = z.infer<typeof reportsOverviewInput>;
