import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { attachmentRules, type FileStorage, runMaintenance, runSearchIndexMaintenance } from '@helpdesk/api';
import type { Orm } from '@helpdesk/db';
import fp from 'fastify-plugin';

export interface JobsPluginOptions {
  orm: Orm;
  /** 0 turns scheduled jobs off on this instance. */
  intervalMs: number;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Attachment files: staged uploads older than 24 h are purged from it. */
  storage?: FileStorage;
}

/**
 * Scheduled maintenance (auto-closing solved tickets, purging idempotency records and rate-limit
 * buckets) every `intervalMs`, and when due the rebuild of the full-text index (minutes on a large
 * desk, so it runs beside the rest rather than holding it up). Every instance schedules
 * them; leases in the database let one of them at a time do each. Stops when the server closes,
 * after the runs in progress end.
 */
export const jobsPlugin = fp<JobsPluginOptions>(
  async (app, { orm, intervalMs, now = () => new Date(), storage }) => {
    if (intervalMs <= 0) return;
    // Unique per instance: only the holder of the lease lets go of it.
    const owner = `${hostname().slice(0, 40)}:${process.pid}:${randomUUID().slice(0, 8)}`;
    let running: Promise<void> | null = null;
    let rebuilding: Promise<void> | null = null;
    const closing = new AbortController();

    const rebuildSearchIndexWhenDue = () => {
      if (rebuilding) return;
      rebuilding = runSearchIndexMaintenance(orm.em.fork(), owner, now(), closing.signal)
        .then((report) => {
          if (report)
            app.log.info({ event: 'jobs.search_index_rebuilt', ...report }, 'full-text index rebuilt');
        })
        .catch((error: unknown) => {
          if (closing.signal.aborted) return;
          app.log.error({ err: error, event: 'jobs.search_index_failed' }, 'full-text index rebuild failed');
        })
        .finally(() => {
          rebuilding = null;
        });
    };

    const tick = () => {
      rebuildSearchIndexWhenDue();
      // A run longer than the interval is not doubled up on this instance.
      if (running) return;
      running = runMaintenance(orm.em.fork(), owner, now())
        .then(async (report) => {
          if (report && Object.values(report).some((count) => count > 0))
            app.log.info({ event: 'jobs.maintenance', ...report }, 'scheduled maintenance done');
          // Only the instance that held the lease (report not null) purges staged uploads.
          const purged =
            report && storage ? await attachmentRules.purgeStaleUploads(orm.em.fork(), storage, now()) : 0;
          if (purged > 0)
            app.log.info({ event: 'jobs.uploads_purged', purged }, 'stale staged uploads purged');
        })
        .catch((error: unknown) => {
          app.log.error({ err: error, event: 'jobs.failed' }, 'scheduled maintenance failed');
        })
        .finally(() => {
          running = null;
        });
    };

    const timer = setInterval(tick, intervalMs);
    app.addHook('preClose', async () => {
      clearInterval(timer);
      // A rebuild stops at its next step (it copies in batches); the desk keeps its index.
      closing.abort();
      await Promise.all([running, rebuilding]);
    });
  },
  { name: 'jobs' },
);
