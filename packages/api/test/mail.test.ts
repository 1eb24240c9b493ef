import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutboxMail } from '@helpdesk/db';
import { createTestDatabase, type TestDatabase } from '@helpdesk/db/testing';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MailMessage, queueMail } from '../src/services/mail-queue.ts';
import {
  createMailTransport,
  deliverPendingMail,
  MAIL_CLAIM_MS,
  MAX_MAIL_ATTEMPTS,
  type MailTransport,
} from '../src/services/mailer.ts';

const FROM = 'Helpdesk <helpdesk@desk.example>';
const PUBLIC = 'https://help.example.com';

interface Received {
  rcptTo: string[];
  raw: string;
}

/** A real SMTP server on a random port: accepts everything, or refuses every message. */
async function startSmtpServer(refuse = false) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (refuse)
          return callback(Object.assign(new Error('Mailbox unavailable, try later'), { responseCode: 451 }));
        received.push({
          rcptTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    received,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let db: TestDatabase;
const em = () => db.orm.em.fork();
let sequence = 0;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db?.dispose());

/** Queues mails in one committed transaction, each to a fresh address; answers their ids. */
async function queue(now: Date, count = 1, overrides: Partial<MailMessage> = {}): Promise<string[]> {
  return em().transactional(async (tx) => {
    const mails = Array.from({ length: count }, () =>
      queueMail(
        tx,
        {
          to: `person${++sequence}@example.test`,
          subject: `Your request ${sequence}`,
          text: `Hello,\n\nthis is mail number ${sequence}.\n`,
          kind: 'test',
          ...overrides,
        },
        now,
      ),
    );
    await tx.flush();
    return mails.map((mail) => mail.id);
  });
}

const rowOf = (id: string) => em().findOneOrFail(OutboxMail, id);

/**
 * Every test runs a year before the one before it: the mails earlier tests left pending are not
 * due yet at its time, so it sees only the mails it queued.
 */
let clock = Date.UTC(2090, 0, 1);
function freshNow() {
  clock -= 365 * 24 * 3_600_000;
  return new Date(clock);
}

describe('SMTP delivery', () => {
  it('sends a due mail to its recipient and marks it sent', async () => {
    const smtp = await startSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, outboxDir: '/nonexistent' });
    try {
      const now = freshNow();
      const [id] = await queue(now, 1, {
        to: 'carla@example.test',
        subject: 'Ünïcode subject',
        text: 'Line one\nLine two\n{{PUBLIC_URL}}/tickets/T1',
      });
      const [later] = await queue(new Date(now.getTime() + 60_000));

      const report = await deliverPendingMail(em(), transport, { now, from: FROM, publicUrl: PUBLIC });

      expect(report).toEqual({ claimed: 1, sent: 1, retrying: 0, failed: 0 });
      expect(smtp.received).toHaveLength(1);
      const [mail] = smtp.received;
      expect(mail?.rcptTo).toEqual(['carla@example.test']);
      const parsed = await simpleParser(mail?.raw ?? '');
      expect(parsed.subject).toBe('Ünïcode subject');
      // Links are completed from configuration when the mail goes out.
      expect(parsed.text?.trim()).toBe('Line one\nLine two\nhttps://help.example.com/tickets/T1');
      expect(parsed.from?.value).toEqual([{ name: 'Helpdesk', address: 'helpdesk@desk.example' }]);
      expect(parsed.messageId).toBe(`<${id}@desk.example>`);
      expect(parsed.headers.get('x-helpdesk-kind')).toBe('test');

      const row = await rowOf(id as string);
      expect(row.status).toBe('sent');
      expect(row.sentAt?.getTime()).toBe(now.getTime());
      expect(row.attempts).toBe(1);
      // Not yet due: left for later.
      expect((await rowOf(later as string)).status).toBe('pending');
      expect(await deliverPendingMail(em(), transport, { now, from: FROM, publicUrl: PUBLIC })).toMatchObject(
        { claimed: 0 },
      );
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('refuses a line break in a header at send time, for good, sending nothing', async () => {
    const smtp = await startSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, outboxDir: '/nonexistent' });
    try {
      const now = freshNow();
      // Written around queueMail's own guard, as a bug or a direct insert would.
      const fork = em();
      const row = fork.create(OutboxMail, {
        to: 'victim@example.test',
        subject: 'Hello\r\nBcc: everyone@example.test',
        text: 'body',
        kind: 'test',
        sendAfter: now,
        createdAt: now,
      });
      await fork.flush();

      const report = await deliverPendingMail(em(), transport, { now, from: FROM, publicUrl: PUBLIC });

      expect(report).toMatchObject({ claimed: 1, sent: 0, failed: 1 });
      expect(smtp.received).toHaveLength(0);
      const after = await rowOf(row.id);
      expect(after.status).toBe('failed');
      expect(after.lastError).toMatch(/line break/);
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('keeps a refused mail pending with a growing backoff, then fails it after 5 attempts', async () => {
    const smtp = await startSmtpServer(true);
    const transport = createMailTransport({ smtpUrl: smtp.url, outboxDir: '/nonexistent' });
    try {
      let now = freshNow();
      const [id] = (await queue(now)) as [string];
      const delays: number[] = [];
      for (let attempt = 1; attempt < MAX_MAIL_ATTEMPTS; attempt++) {
        expect(
          await deliverPendingMail(em(), transport, { now, from: FROM, publicUrl: PUBLIC }),
        ).toMatchObject({
          claimed: 1,
          retrying: 1,
        });
        const row = await rowOf(id);
        expect(row.status).toBe('pending');
        expect(row.attempts).toBe(attempt);
        expect(row.lastError).toMatch(/Mailbox unavailable/);
        delays.push(row.sendAfter.getTime() - now.getTime());
        // Not due again until the backoff has passed.
        expect(
          await deliverPendingMail(em(), transport, { now, from: FROM, publicUrl: PUBLIC }),
        ).toMatchObject({ claimed: 0 });
        now = row.sendAfter;
      }
      expect(delays).toEqual([1, 2, 4, 8].map((minutes) => minutes * 60_000));

      expect(await deliverPendingMail(em(), transport, { now, from: FROM, publicUrl: PUBLIC })).toMatchObject(
        { failed: 1 },
      );
      const row = await rowOf(id);
      expect(row.status).toBe('failed');
      expect(row.attempts).toBe(MAX_MAIL_ATTEMPTS);
      expect(row.lastError).toMatch(/Mailbox unavailable/);
      expect(
        await deliverPendingMail(em(), transport, {
          now: new Date(now.getTime() + 86_400_000),
          from: FROM,
          publicUrl: PUBLIC,
        }),
      ).toMatchObject({ claimed: 0 });
      expect(smtp.received).toHaveLength(0);
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('sends each mail exactly once when two deliveries race', async () => {
    const smtp = await startSmtpServer();
    const transport = createMailTransport({ smtpUrl: smtp.url, outboxDir: '/nonexistent' });
    try {
      const now = freshNow();
      const ids = await queue(now, 12);

      const [first, second] = await Promise.all([
        deliverPendingMail(em(), transport, { now, from: FROM, publicUrl: PUBLIC }),
        deliverPendingMail(em(), transport, { now, from: FROM, publicUrl: PUBLIC }),
      ]);

      // Both read the same due mails and competed for them.
      expect(first.claimed).toBeGreaterThan(0);
      expect(second.claimed).toBeGreaterThan(0);
      expect(first.sent + second.sent).toBe(12);
      const recipients = smtp.received.flatMap((mail) => mail.rcptTo).sort();
      expect(recipients).toHaveLength(12);
      expect(new Set(recipients).size).toBe(12);
      const rows = await em().find(OutboxMail, { id: { $in: ids } });
      expect(rows.every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true);
    } finally {
      transport.close();
      await smtp.close();
    }
  });

  it('takes over a mail whose sender died once its claim has run out', async () => {
    const now = freshNow();
    const [id] = (await queue(now)) as [string];
    const dying: MailTransport = {
      kind: 'smtp',
      send: () => new Promise(() => {}),
      close() {},
    };
    // Claimed, then the sender hangs for ever (as a crashed instance would).
    void deliverPendingMail(em(), dying, { now, from: FROM, publicUrl: PUBLIC });
    await expect.poll(async () => (await rowOf(id)).attempts).toBe(1);

    const sent: string[] = [];
    const working: MailTransport = {
      kind: 'smtp',
      send: async (mail) => {
        sent.push(mail.id);
      },
      close() {},
    };
    expect(await deliverPendingMail(em(), working, { now, from: FROM, publicUrl: PUBLIC })).toMatchObject({
      claimed: 0,
    });
    const afterLease = new Date(now.getTime() + MAIL_CLAIM_MS);
    expect(
      await deliverPendingMail(em(), working, { now: afterLease, from: FROM, publicUrl: PUBLIC }),
    ).toMatchObject({
      sent: 1,
    });
    expect(sent).toEqual([id]);
    expect((await rowOf(id)).status).toBe('sent');
  });
});

describe('file outbox', () => {
  it('writes each mail as an .eml file and logs one line without the body', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'helpdesk-outbox-'));
    const outboxDir = join(dir, 'outbox');
    const lines: Array<{ fields: Record<string, string>; message: string }> = [];
    const transport = createMailTransport({
      outboxDir,
      log: (fields, message) => lines.push({ fields, message }),
    });
    try {
      expect(transport.kind).toBe('file');
      const now = freshNow();
      const secret = 'https://desk.example/reset-password#token=SECRET123';
      const [id] = (await queue(now, 1, {
        to: 'dora@example.test',
        subject: 'Reset your password',
        text: `Choose a new one here:\n${secret}\n`,
        kind: 'password_reset',
      })) as [string];

      expect(await deliverPendingMail(em(), transport, { now, from: FROM, publicUrl: PUBLIC })).toMatchObject(
        { sent: 1 },
      );

      expect(await readdir(outboxDir)).toEqual([`${id}.eml`]);
      const file = join(outboxDir, `${id}.eml`);
      const parsed = await simpleParser(await readFile(file));
      expect(parsed.subject).toBe('Reset your password');
      expect(parsed.text).toContain(secret);
      expect(parsed.to && !Array.isArray(parsed.to) ? parsed.to.text : '').toBe('dora@example.test');
      if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);

      expect(lines).toHaveLength(1);
      expect(lines[0]?.fields).toMatchObject({
        to: 'dora@example.test',
        subject: 'Reset your password',
        kind: 'password_reset',
      });
      expect(JSON.stringify(lines)).not.toContain('SECRET123');
      expect((await rowOf(id)).status).toBe('sent');
    } finally {
      transport.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
