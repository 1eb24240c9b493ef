import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { attachmentRules, LocalFileStorage } from '@helpdesk/api';
import { makeUser, type TestUser } from '@helpdesk/api/testing';
import { errorCode, type HelpdeskClient } from '@helpdesk/client';
import { Attachment, Message, newId } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentDisposition } from '../src/plugins/attachments.ts';
import { startTestServer, type TestServer } from './support.ts';

const MAX_BYTES = 64 * 1024;
const MAX_TICKET_BYTES = 100 * 1024;

let server: TestServer;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'helpdesk-attachments-'));
  server = await startTestServer({
    ATTACHMENTS_DIR: dir,
    ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
    ATTACHMENT_MAX_TICKET_BYTES: String(MAX_TICKET_BYTES),
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

interface Person {
  user: TestUser;
  client: HelpdeskClient;
  token: string;
}

let people = 0;
/** A fresh signed-in user, so that one test's staged uploads never count against another's quota. */
async function person(role: 'customer' | 'agent' = 'customer'): Promise<Person> {
  const user = await makeUser(server.db.orm.em.fork(), role, `Person ${++people} ${role}`);
  const client = await server.signedIn(user);
  return { user, client, token: server.cookiesOf(client).get('helpdesk_session') ?? '' };
}

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(
    parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))),
  );

const PNG = bytes(
  [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  [0, 0, 0, 13],
  'IHDR',
  [0, 0, 0, 1, 0, 0, 0, 1],
);
const PDF = bytes('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');
const ODT_MIME = 'application/vnd.oasis.opendocument.text';
const ODT = bytes(
  'PK\x03\x04',
  [20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [ODT_MIME.length, 0, 0, 0],
  [ODT_MIME.length, 0, 0, 0],
  [8, 0, 0, 0],
  'mimetype',
  ODT_MIME,
  'PK\x01\x02',
);

async function upload(
  token: string | null,
  name: string,
  content: Uint8Array | string,
  headers: Record<string, string> = {},
) {
  const form = new FormData();
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), name);
  const response = await fetch(`${server.url}/attachments`, {
    method: 'POST',
    body: form,
    headers: { ...(token ? { cookie: `helpdesk_session=${token}` } : {}), ...headers },
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { id: string },
  };
}

/** Reads the whole answer, so that no response is left half-consumed on a kept-alive connection. */
async function download(token: string | null, id: string) {
  const response = await fetch(`${server.url}/attachments/${encodeURIComponent(id)}`, {
    headers: token ? { cookie: `helpdesk_session=${token}` } : {},
  });
  return {
    status: response.status,
    headers: response.headers,
    body: Buffer.from(await response.arrayBuffer()),
  };
}

/** Files in the storage folder and rows in the table: what "nothing stored" is checked against. */
async function stored() {
  const files = await readdir(dir).catch(() => []);
  return { files: files.length, rows: await server.db.orm.em.fork().count(Attachment) };
}

async function expectNothingStored(run: () => Promise<unknown>) {
  const before = await stored();
  await run();
  expect(await stored()).toEqual(before);
}

describe('upload, attach, download', () => {
  it('a customer attaches an upload to a reply and downloads the same bytes with safe headers', async () => {
    const carla = await person();
    const ticket = await carla.client.tickets.create.mutate({
      subject: 'Broken screen',
      body: 'See picture',
    });
    const uploaded = await upload(carla.token, 'screenshot.png', PNG);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toEqual({
      id: uploaded.body.id,
      filename: 'screenshot.png',
      size: PNG.length,
      contentType: 'image/png',
    });
    expect(uploaded.body.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const reply = await carla.client.tickets.reply.mutate({
      ticketId: ticket.id,
      body: 'Here',
      attachmentIds: [uploaded.body.id],
    });
    expect(reply.message.attachments).toEqual([uploaded.body]);
    const seen = await carla.client.tickets.get.query({ id: ticket.id });
    expect(seen.messages.map((message) => message.attachments)).toEqual([[], [uploaded.body]]);

    const response = await download(carla.token, uploaded.body.id);
    expect(response.status).toBe(200);
    expect(response.body.equals(PNG)).toBe(true);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('content-length')).toBe(String(PNG.length));
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="screenshot.png"; filename*=UTF-8''screenshot.png`,
    );
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(response.headers.get('cache-control')).toBe('private, no-store');

    // Agents read every ticket; another customer learns nothing, not even that it exists.
    const agent = await person('agent');
    expect((await download(agent.token, uploaded.body.id)).status).toBe(200);
    const otto = await person();
    const refused = await download(otto.token, uploaded.body.id);
    expect(refused.status).toBe(404);
    expect(JSON.parse(refused.body.toString())).toMatchObject({
      error: { data: { code: 'NOT_FOUND', httpStatus: 404 } },
    });
  });

  it('tickets.create takes attachments for its first message', async () => {
    const carla = await person();
    const uploaded = await upload(carla.token, 'invoice.pdf', PDF);
    const ticket = await carla.client.tickets.create.mutate({
      subject: 'Invoice',
      body: 'Wrong total',
      attachmentIds: [uploaded.body.id],
    });
    expect(ticket.messages[0]?.attachments).toEqual([
      { id: uploaded.body.id, filename: 'invoice.pdf', size: PDF.length, contentType: 'application/pdf' },
    ]);
    expect((await download(carla.token, uploaded.body.id)).status).toBe(200);
  });

  it('a reply to a closed ticket brings its attachments to the follow-up ticket', async () => {
    const carla = await person();
    const agent = await person('agent');
    const ticket = await carla.client.tickets.create.mutate({ subject: 'Old', body: 'done' });
    const { version } = await agent.client.tickets.get.query({ id: ticket.id });
    await agent.client.tickets.update.mutate({ id: ticket.id, version, status: 'closed' });
    const uploaded = await upload(carla.token, 'again.txt', 'it broke again');
    const reply = await carla.client.tickets.reply.mutate({
      ticketId: ticket.id,
      body: 'Again',
      attachmentIds: [uploaded.body.id],
    });
    expect(reply.followUp).toBe(true);
    expect(reply.message.attachments.map((attachment) => attachment.id)).toEqual([uploaded.body.id]);
    const followUp = await agent.client.tickets.get.query({ id: reply.ticket.id });
    expect(followUp.messages[0]?.attachments.map((attachment) => attachment.id)).toEqual([uploaded.body.id]);
  });

  it("an internal note's attachments are for agents only", async () => {
    const carla = await person();
    const agent = await person('agent');
    const ticket = await carla.client.tickets.create.mutate({ subject: 'Refund', body: 'Please' });
    const note = await upload(agent.token, 'ledger.csv', 'order,amount\n1,20\n');
    expect(note.body.contentType).toBe('text/csv; charset=utf-8');
    await agent.client.tickets.reply.mutate({
      ticketId: ticket.id,
      body: 'Ledger attached',
      internal: true,
      attachmentIds: [note.body.id],
    });

    expect((await download(agent.token, note.body.id)).status).toBe(200);
    expect((await download(carla.token, note.body.id)).status).toBe(404);
    const seen = await carla.client.tickets.get.query({ id: ticket.id });
    expect(JSON.stringify(seen)).not.toContain(note.body.id);
    const staff = await agent.client.tickets.get.query({ id: ticket.id });
    expect(staff.messages[1]?.attachments.map((attachment) => attachment.id)).toEqual([note.body.id]);
  });

  it("a staged upload is its uploader's alone, and someone else's cannot be attached", async () => {
    const carla = await person();
    const otto = await person();
    const agent = await person('agent');
    const ticket = await carla.client.tickets.create.mutate({ subject: 'Mine', body: 'only' });
    const ottos = await upload(otto.token, 'notes.txt', 'private notes');

    expect((await download(otto.token, ottos.body.id)).status).toBe(200);
    expect((await download(carla.token, ottos.body.id)).status).toBe(404);
    expect((await download(agent.token, ottos.body.id)).status).toBe(404);

    const messagesBefore = await server.db.orm.em.fork().count(Message, { ticket: ticket.id });
    const stolen = carla.client.tickets.reply.mutate({
      ticketId: ticket.id,
      body: 'Stolen',
      attachmentIds: [ottos.body.id],
    });
    expect(errorCode(await stolen.catch((error: unknown) => error))).toBe('NOT_FOUND');
    expect(await server.db.orm.em.fork().count(Message, { ticket: ticket.id })).toBe(messagesBefore);
    const row = await server.db.orm.em.fork().findOneOrFail(Attachment, ottos.body.id);
    expect([row.ticket, row.message]).toEqual([null, null]);

    // Once attached, an upload cannot be attached again, not even by its uploader.
    const mine = await upload(carla.token, 'log.log', 'line 1\n');
    await carla.client.tickets.reply.mutate({
      ticketId: ticket.id,
      body: 'First',
      attachmentIds: [mine.body.id],
    });
    const again = carla.client.tickets.reply.mutate({
      ticketId: ticket.id,
      body: 'Again',
      attachmentIds: [mine.body.id],
    });
    expect(errorCode(await again.catch((error: unknown) => error))).toBe('NOT_FOUND');
  });

  it('guessed, malformed and path-like ids are all 404', async () => {
    const carla = await person();
    for (let i = 0; i < 20; i++) expect((await download(carla.token, newId())).status).toBe(404);
    for (const id of ['abc', '../../etc/passwd', '0'.repeat(27), 'lowercase0000000000000000000'])
      expect((await download(carla.token, id)).status).toBe(404);
  });

  it('the exact unicode filename comes back in filename*, with an ASCII fallback', async () => {
    const carla = await person();
    const name = 'Rechnung März – 📎.pdf';
    const uploaded = await upload(carla.token, name, PDF);
    expect(uploaded.body.filename).toBe(name);
    const disposition =
      (await download(carla.token, uploaded.body.id)).headers.get('content-disposition') ?? '';
    expect(disposition).toBe(
      `attachment; filename="Rechnung Marz _ _.pdf"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toBe(name);
  });

  it('Content-Disposition never carries CR, LF or quotes from a filename', () => {
    expect(contentDisposition('a"b\r\nSet-Cookie: x\\.txt')).toBe(
      `attachment; filename="abSet-Cookie: x.txt"; filename*=UTF-8''abSet-Cookie%3A%20x.txt`,
    );
    expect(contentDisposition("it's (1)*100%.txt")).toBe(
      `attachment; filename="it's (1)*100_.txt"; filename*=UTF-8''it%27s%20%281%29%2A100%25.txt`,
    );
  });
});

describe('refused uploads store nothing', () => {
  it('anonymous: 401, for uploads and downloads', async () => {
    await expectNothingStored(async () => {
      expect((await upload(null, 'a.txt', 'hello')).status).toBe(401);
      expect((await upload('forged.token', 'a.txt', 'hello')).status).toBe(401);
    });
    expect((await download(null, newId())).status).toBe(401);
  });

  it('a cross-site multipart POST with the cookie: 403 from the CSRF check', async () => {
    const carla = await person();
    await expectNothingStored(async () => {
      const forged = await upload(carla.token, 'a.txt', 'hello', {
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      });
      expect(forged.status).toBe(403);
    });
  });

  it('over ATTACHMENT_MAX_BYTES: 413, while streaming and from Content-Length alone', async () => {
    const carla = await person();
    await expectNothingStored(async () => {
      const big = await upload(carla.token, 'big.txt', 'x'.repeat(MAX_BYTES + 1));
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ error: { data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 } } });
      const status = await new Promise<number>((resolve, reject) => {
        const request = httpRequest(`${server.url}/attachments`, {
          method: 'POST',
          headers: {
            cookie: `helpdesk_session=${carla.token}`,
            'content-type': 'multipart/form-data; boundary=x',
            'content-length': String(100 * MAX_BYTES),
          },
        });
        request
          .on('response', (response) => {
            resolve(response.statusCode ?? 0);
            // The body was never going to be sent: drop the connection.
            request.destroy();
          })
          .on('error', reject);
        request.flushHeaders();
      });
      expect(status).toBe(413);
    });
    const exact = await upload(carla.token, 'exact.txt', 'x'.repeat(MAX_BYTES));
    expect([exact.status, exact.body.size]).toEqual([201, MAX_BYTES]);
  });

  it.each([
    ['HTML renamed .png', 'cat.png', '<html><script>alert(1)</script></html>', 415],
    ['an SVG', 'logo.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', 415],
    ['an SVG renamed .txt', 'logo.txt', '  <svg onload="alert(1)"/>', 415],
    ['HTML renamed .txt after a BOM', 'page.txt', '\uFEFF\n<!doctype html><script>alert(1)</script>', 415],
    ['a .htaccess', '.htaccess', 'AddType application/x-httpd-php .png', 415],
    ['a .php', 'shell.php', '<?php system($_GET["c"]); ?>', 415],
    ['a .php hiding behind .png', 'shell.php.png', '<?php system($_GET["c"]); ?>', 415],
    [
      'an EXE named .pdf',
      'invoice.pdf',
      bytes('MZ', [0x90, 0, 3, 0], 'This program cannot be run in DOS mode'),
      415,
    ],
    ['text that is not UTF-8', 'latin.txt', bytes('caf', [0xe9]), 415],
    ['text with NUL bytes', 'nul.csv', bytes('a,b', [0], 'c'), 415],
    ['a zip named .odt', 'letter.odt', bytes('PK\x03\x04', [20, 0, 0, 0, 8, 0]), 415],
    ['an empty file', 'empty.txt', '', 400],
    ['no name at all', '', 'hello', 400],
  ])('%s: refused', async (_label, name, content, status) => {
    const carla = await person();
    await expectNothingStored(async () => {
      const refused = await upload(carla.token, name, content);
      expect(refused.status).toBe(status);
      expect(typeof (refused.body.error as { message?: unknown }).message).toBe('string');
    });
  });

  it('anything but exactly one file in the field "file": refused', async () => {
    const carla = await person();
    const post = (form: FormData | string, contentType?: string) =>
      fetch(`${server.url}/attachments`, {
        method: 'POST',
        body: form,
        headers: {
          cookie: `helpdesk_session=${carla.token}`,
          ...(contentType ? { 'content-type': contentType } : {}),
        },
      }).then((response) => response.status);
    await expectNothingStored(async () => {
      const two = new FormData();
      two.append('file', new Blob(['one']), 'one.txt');
      two.append('file', new Blob(['two']), 'two.txt');
      expect(await post(two)).toBe(400);
      const misnamed = new FormData();
      misnamed.append('upload', new Blob(['one']), 'one.txt');
      expect(await post(misnamed)).toBe(400);
      const withField = new FormData();
      withField.append('note', 'hello');
      withField.append('file', new Blob(['one']), 'one.txt');
      expect(await post(withField)).toBe(400);
      expect(await post('{"file":"x"}', 'application/json')).toBe(415);
    });
  });
});

describe('accepted types', () => {
  it.each([
    ['a.pdf', PDF, 'application/pdf'],
    ['a.PNG', PNG, 'image/png'],
    ['a.jpg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'), 'image/jpeg'],
    ['a.gif', bytes('GIF89a', [1, 0, 1, 0]), 'image/gif'],
    ['a.webp', bytes('RIFF', [4, 0, 0, 0], 'WEBPVP8 '), 'image/webp'],
    ['a.zip', bytes('PK\x05\x06', Array(18).fill(0)), 'application/zip'],
    [
      'a.docx',
      bytes('PK\x03\x04', Array(26).fill(0)),
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    ],
    ['a.odt', ODT, ODT_MIME],
    ['a.txt', '\uFEFFnotes: 1 < 2', 'text/plain; charset=utf-8'],
    ['a.eml', 'From: ada@example.com\r\nSubject: hi\r\n\r\n<p>hi</p>', 'message/rfc822'],
  ])('%s is accepted', async (name, content, contentType) => {
    const carla = await person();
    const uploaded = await upload(carla.token, name, content);
    expect([uploaded.status, uploaded.body.contentType]).toEqual([201, contentType]);
  });
});

describe('limits per ticket and per uploader', () => {
  const chunk = 'y'.repeat(40 * 1024);

  it('attaching past ATTACHMENT_MAX_TICKET_BYTES answers 413 and attaches nothing', async () => {
    const carla = await person();
    const first = await upload(carla.token, 'one.txt', chunk);
    const second = await upload(carla.token, 'two.txt', chunk);
    const ticket = await carla.client.tickets.create.mutate({
      subject: 'Logs',
      body: 'Two files',
      attachmentIds: [first.body.id, second.body.id],
    });
    const third = await upload(carla.token, 'three.txt', chunk);
    const response = await fetch(`${server.url}/trpc/tickets.reply`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `helpdesk_session=${carla.token}` },
      body: JSON.stringify({ ticketId: ticket.id, body: 'And a third', attachmentIds: [third.body.id] }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { data: { code: 'PAYLOAD_TOO_LARGE' } } });
    const row = await server.db.orm.em.fork().findOneOrFail(Attachment, third.body.id);
    expect(row.message).toBeNull();
    expect((await carla.client.tickets.get.query({ id: ticket.id })).messages).toHaveLength(1);
  });

  it("one uploader's staged files may not exceed what a ticket can hold", async () => {
    const carla = await person();
    expect((await upload(carla.token, 'one.txt', chunk)).status).toBe(201);
    expect((await upload(carla.token, 'two.txt', chunk)).status).toBe(201);
    await expectNothingStored(async () => {
      expect((await upload(carla.token, 'three.txt', chunk)).status).toBe(413);
    });
  });
});

describe('purgeStaleUploads', () => {
  it('removes staged uploads older than 24 h, rows and files, and keeps the rest', async () => {
    const carla = await person();
    const stale = await upload(carla.token, 'old.txt', 'old');
    const fresh = await upload(carla.token, 'fresh.txt', 'fresh');
    const kept = await upload(carla.token, 'kept.txt', 'kept');
    await carla.client.tickets.create.mutate({
      subject: 'Kept',
      body: 'file',
      attachmentIds: [kept.body.id],
    });
    const now = server.clock.now;
    // Attached a day ago or staged a day ago: only the staged one goes.
    const dayAgo = new Date(now.getTime() - 24 * 3_600_000 - 1);
    await server.db.orm.em
      .fork()
      .nativeUpdate(Attachment, { id: { $in: [stale.body.id, kept.body.id] } }, { createdAt: dayAgo });
    const before = await stored();

    expect(
      await attachmentRules.purgeStaleUploads(server.db.orm.em.fork(), new LocalFileStorage(dir), now),
    ).toBe(1);
    expect(await stored()).toEqual({ files: before.files - 1, rows: before.rows - 1 });
    expect((await download(carla.token, stale.body.id)).status).toBe(404);
    expect((await download(carla.token, fresh.body.id)).status).toBe(200);
    expect((await download(carla.token, kept.body.id)).status).toBe(200);
  });
});
