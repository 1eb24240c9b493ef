import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EntityManager, OutboxMail } from '@helpdesk/db';
import nodemailer from 'nodemailer';
import { PUBLIC_URL } from './mail-queue.ts';

export interface MailTransportConfig {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`. */
  smtpUrl?: string | undefined;
  /** Without `smtpUrl`, each mail is written here as an `.eml` file (a fresh clone needs no mail server). */
  outboxDir: string;
  /** Told one line per mail the file outbox writes: never the body, which may hold a reset link. */
  log?: (fields: { to: string; subject: string; kind: string; file: string }, message: string) => void;
}

export interface OutgoingMail {
  /** The outbox row's id: the Message-ID and the file name derive from it, so a retry is the same mail. */
  id: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  kind: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** A mail that can never be sent as it is: retrying would not help. */
export class MailHeaderError extends Error {}

/** Second guard against header injection (queueMail has the first): headers are single lines. */
function assertSingleLineHeaders(mail: OutgoingMail) {
  for (const header of [mail.from, mail.to, mail.subject]) {
    if (/[\r\n]/.test(header)) throw new MailHeaderError('Refused: a mail header holds a line break');
  }
}

function messageIdOf(mail: OutgoingMail): string {
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(mail.from)?.[1] ?? 'helpdesk.invalid';
  return `<${mail.id}@${domain}>`;
}

function mailOptions(mail: OutgoingMail) {
  return {
    from: mail.from,
    // An address object, not a string nodemailer would parse: one outbox row reaches one mailbox.
    to: { name: '', address: mail.to },
    subject: mail.subject,
    text: mail.text,
    messageId: messageIdOf(mail),
    headers: { 'X-Helpdesk-Kind': mail.kind },
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}

function smtpTransport(smtpUrl: string): MailTransport {
  // Short timeouts: a hung server must not hold a delivery round (or its claim) for minutes.
  const transporter = nodemailer.createTransport({
    url: smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  return {
    kind: 'smtp',
    async send(mail) {
      assertSingleLineHeaders(mail);
      await transporter.sendMail(mailOptions(mail));
    },
    close: () => transporter.close(),
  };
}

function fileTransport(config: MailTransportConfig): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const log = config.log ?? ((fields, message) => console.info(`${message}: ${JSON.stringify(fields)}`));
  return {
    kind: 'file',
    async send(mail) {
      assertSingleLineHeaders(mail);
      const info = await composer.sendMail(mailOptions(mail));
      // Outbox ids are ULIDs; anything else (never expected) gets a generated name, never a path.
      const name = /^[0-9A-Za-z]{1,64}$/.test(mail.id) ? mail.id : randomUUID();
      const file = join(config.outboxDir, `${name}.eml`);
      // Owner-only: these files may hold password reset links.
      await mkdir(config.outboxDir, { recursive: true, mode: 0o700 });
      await writeFile(file, info.message as Buffer, { mode: 0o600 });
      log({ to: mail.to, subject: mail.subject, kind: mail.kind, file }, 'mail written to the file outbox');
    },
    close: () => composer.close(),
  };
}

/** SMTP when a URL is configured, otherwise the file outbox, so every flow works on a fresh clone. */
export function createMailTransport(config: MailTransportConfig): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(config);
}

export const MAX_MAIL_ATTEMPTS = 5;
/** How long a claimed mail is left to its sender; a sender that died is taken over after it. */
export const MAIL_CLAIM_MS = 5 * 60_000;

/** Wait before the next attempt after `attempts` failed ones: 1, 2, 4, 8 minutes. */
export function mailRetryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 60 * 60_000);
}

export interface DeliveryOptions {
  now?: Date;
  batchSize?: number;
  /** The From header (`MAIL_FROM`). */
  from: string;
  /** The configured public URL, put in place of `{{PUBLIC_URL}}` in links. */
  publicUrl: string;
}

export interface DeliveryReport {
  /** Mails this call claimed: the others of the batch were taken by another instance first. */
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/[\r\n]+/g, ' ').slice(0, 500) || 'Unknown error';
}

/**
 * Sends the pending mails that are due, oldest first. Safe with several instances: a mail is
 * claimed by one conditional update (`attempts` from what was read, `send_after` still due), which
 * also moves `send_after` past the claim's lease, so of racing instances exactly one sees an
 * affected row. No transaction stays open while a mail server is talked to. A mail whose sender
 * died after the server took it is sent again when the lease ends (at least once, never lost).
 */
export async function deliverPendingMail(
  em: EntityManager,
  transport: MailTransport,
  { now = new Date(), batchSize = 20, from, publicUrl }: DeliveryOptions,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { claimed: 0, sent: 0, retrying: 0, failed: 0 };
  const due = await em
    .fork()
    .find(
      OutboxMail,
      { status: 'pending', sendAfter: { $lte: now } },
      { orderBy: { sendAfter: 'asc', id: 'asc' }, limit: batchSize },
    );
  for (const mail of due) {
    const attempts = mail.attempts + 1;
    const claimed = await em
      .fork()
      .nativeUpdate(
        OutboxMail,
        { id: mail.id, status: 'pending', attempts: mail.attempts, sendAfter: { $lte: now } },
        { attempts, sendAfter: new Date(now.getTime() + MAIL_CLAIM_MS) },
      );
    if (claimed !== 1) continue;
    report.claimed++;
    let failure: { error: unknown } | null = null;
    try {
      await transport.send({
        id: mail.id,
        from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text.replaceAll(PUBLIC_URL, publicUrl.replace(/\/+$/, '')),
        kind: mail.kind,
      });
    } catch (error) {
      failure = { error };
    }
    if (!failure) {
      await em
        .fork()
        .nativeUpdate(OutboxMail, { id: mail.id }, { status: 'sent', sentAt: now, lastError: null });
      report.sent++;
      continue;
    }
    const giveUp = failure.error instanceof MailHeaderError || attempts >= MAX_MAIL_ATTEMPTS;
    const lastError = errorText(failure.error);
    // Only while this claim holds: a sender past its lease must not undo a newer claim.
    await em
      .fork()
      .nativeUpdate(
        OutboxMail,
        { id: mail.id, status: 'pending', attempts },
        giveUp
          ? { status: 'failed', lastError }
          : { sendAfter: new Date(now.getTime() + mailRetryDelayMs(attempts)), lastError },
      );
    if (giveUp) report.failed++;
    else report.retrying++;
  }
  return report;
}
