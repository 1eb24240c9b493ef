import { createMailTransport, deliverPendingMail } from '@helpdesk/api';
import type { Orm } from '@helpdesk/db';
import fp from 'fastify-plugin';

export interface MailPluginOptions {
  orm: Orm;
  /** `SMTP_URL`; unset: the file outbox in `outboxDir`. */
  smtpUrl: string | undefined;
  outboxDir: string;
  from: string;
  /** Put in place of `{{PUBLIC_URL}}` in links when a mail is sent. */
  publicUrl: string;
  /** 0 turns sending off on this instance. */
  intervalMs: number;
  /** The clock (tests move it). */
  now?: () => Date;
}

const BATCH_SIZE = 20;

/**
 * Sends the outbox every `intervalMs`. Requests only queue mail in their own transaction; every
 * instance polls, and a conditional claim per mail lets exactly one of them send it. Stops when
 * the server closes, after a round in progress ends (before the ORM closes).
 */
export const mailPlugin = fp<MailPluginOptions>(
  async (app, { orm, smtpUrl, outboxDir, from, publicUrl, intervalMs, now = () => new Date() }) => {
    if (intervalMs <= 0) return;
    const transport = createMailTransport({
      smtpUrl,
      outboxDir,
      log: (fields, message) => app.log.info({ event: 'mail.outbox', ...fields }, message),
    });
    let closing = false;
    let running: Promise<void> | null = null;

    const deliver = async () => {
      // A full batch means more may be due: go on until the outbox is drained or the server stops.
      for (;;) {
        const report = await deliverPendingMail(orm.em.fork(), transport, {
          now: now(),
          batchSize: BATCH_SIZE,
          from,
          publicUrl,
        });
        if (report.claimed > 0)
          app.log.info({ event: 'mail.delivery', transport: transport.kind, ...report }, 'mail delivered');
        if (report.failed > 0)
          app.log.warn({ event: 'mail.failed', failed: report.failed }, 'mail given up on');
        if (closing || report.claimed < BATCH_SIZE) return;
      }
    };

    const tick = () => {
      // A round longer than the interval is not doubled up on this instance.
      if (running) return;
      running = deliver()
        .catch((error: unknown) => {
          app.log.error({ err: error, event: 'mail.delivery_failed' }, 'mail delivery round failed');
        })
        .finally(() => {
          running = null;
        });
    };

    const timer = setInterval(tick, intervalMs);
    app.addHook('preClose', async () => {
      closing = true;
      clearInterval(timer);
      await running;
      transport.close();
    });
  },
  { name: 'mail' },
);
