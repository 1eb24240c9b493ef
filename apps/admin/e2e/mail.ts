import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { E2eDesk } from './support.ts';

/** The body of a mail as written to the outbox: the headers end at the first blank line. */
function mailText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const headers = raw.slice(0, split);
  const body = raw.slice(split).trim();
  if (/content-transfer-encoding:\s*base64/i.test(headers))
    return Buffer.from(body, 'base64').toString('utf8');
  if (/content-transfer-encoding:\s*quoted-printable/i.test(headers))
    return body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return body;
}

/** The newest mail to `address` whose raw text matches `subject`, once the server's mailer has written it. */
export async function newestMail(desk: E2eDesk, address: string, subject: RegExp): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        const names = (await readdir(desk.outboxDir).catch(() => [])).filter((name) => name.endsWith('.eml'));
        const mails = await Promise.all(
          names.map(async (name) => {
            const file = join(desk.outboxDir, name);
            return { raw: await readFile(file, 'utf8'), time: (await stat(file)).mtimeMs };
          }),
        );
        const matching = mails
          .filter(({ raw }) => /^To: (.*)$/m.exec(raw)?.[1]?.includes(address))
          .filter(({ raw }) => subject.test(raw))
          .sort((a, b) => b.time - a.time);
        found = matching[0] ? mailText(matching[0].raw) : undefined;
        return found !== undefined;
      },
      { timeout: 20_000, interval: 250 },
    )
    .toBe(true);
  return found ?? '';
}

/** The desk link to `path` in a mail (`{PUBLIC_URL}/path#token=…`), checked to point at this server. */
export function linkIn(desk: E2eDesk, mail: string, path: string): string {
  const link = new RegExp(`https?://\\S+/${path}#token=[a-z0-9]+`).exec(mail)?.[0];
  if (!link) throw new Error(`no ${path} link in:\n${mail}`);
  expect(link.startsWith(`${desk.url}/`)).toBe(true);
  return link;
}
