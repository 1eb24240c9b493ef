import { type EntityManager, JobLease, UniqueConstraintViolationException } from '@helpdesk/db';
import { closeSolvedTickets } from '../rules/tickets/auto-close.ts';
import { purgeIdempotencyRecords } from './idempotency.ts';
import { purgeExpiredRateLimitBuckets } from './rate-limiter.ts';

/**
 * Takes the lease `name` for `owner` until `now + ttlMs`, atomically: an expired lease is taken
 * over by one conditional update (of racing instances, one updates the row, the others find it
 * taken); a missing one is inserted (the primary key lets one insert win).
 */
async function acquireLease(
  em: EntityManager,
  name: string,
  owner: string,
  ttlMs: number,
  now: Date,
): Promise<boolean> {
  const lockedUntil = new Date(now.getTime() + ttlMs);
  const taken = await em
    .fork()
    .nativeUpdate(JobLease, { name, lockedUntil: { $lt: now } }, { owner, lockedUntil });
  if (taken === 1) return true;
  try {
    await em.fork().insert(JobLease, { name, owner, lockedUntil });
    return true;
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) return false;
    throw error;
  }
}

/**
 * Runs `run` only if no other instance holds the lease `name`; answers whether it ran. The lease
 * lasts `ttlMs` at most (so a crashed instance does not block the job for ever) and is let go
 * when `run` ends. `owner` must be unique per instance: only the holder releases a lease.
 */
export async function runExclusive(
  em: EntityManager,
  name: string,
  owner: string,
  ttlMs: number,
  now: Date,
  run: () => Promise<void>,
): Promise<boolean> {
  if (!(await acquireLease(em, name, owner, ttlMs, now))) return false;
  try {
    await run();
  } finally {
    await em.fork().nativeDelete(JobLease, { name, owner });
  }
  return true;
}

export interface MaintenanceReport {
  closedTickets: number;
  purgedIdempotencyRecords: number;
  purgedRateLimitBuckets: number;
}

export const MAINTENANCE_JOB = 'maintenance';

/**
 * The scheduled work, under one lease so that of several instances one does it: closes solved
 * tickets past the desk's delay, purges idempotency records past their retention and rate-limit
 * buckets whose window is over. Answers what it did, or null when another instance holds the lease.
 */
export async function runMaintenance(
  em: EntityManager,
  owner: string,
  now: Date,
  ttlMs = 5 * 60_000,
): Promise<MaintenanceReport | null> {
  let report: MaintenanceReport | null = null;
  await runExclusive(em, MAINTENANCE_JOB, owner, ttlMs, now, async () => {
    report = {
      closedTickets: await closeSolvedTickets(em, now),
      purgedIdempotencyRecords: await purgeIdempotencyRecords(em, now),
      purgedRateLimitBuckets: await purgeExpiredRateLimitBuckets(em, now),
    };
  });
  return report;
}
