/**
 * The browser tests' world: a fresh database (SQLite, or MySQL in the `(mysql)` project) seeded
 * with the demo desk, the real server started as its own process on a free port serving the built
 * dashboard, and Debian's Chromium driven by playwright-core.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashPassword } from '@helpdesk/auth';
import { cookieJarFetch, createHelpdeskClient, type HelpdeskClient } from '@helpdesk/client';
import { type DemoDesk, repoRoot, seedDemoDesk } from '@helpdesk/db';
import { createTestDatabase, type TestDatabase } from '@helpdesk/db/testing';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const DEMO_PASSWORD = 'helpdesk-demo';
/** A phone-sized screen, for the tests that every screen fits one. */
export const PHONE = { width: 390, height: 844 };
const here = dirname(fileURLToPath(import.meta.url));
/** Screenshots of every screen, per database; CI keeps this folder with the run's output. */
export const SCREENSHOTS_DIR = resolve(here, 'screenshots', process.env.TEST_DB ?? 'sqlite');

export interface E2eDesk {
  url: string;
  db: TestDatabase;
  desk: DemoDesk;
  browser: Browser;
  /** Where the server writes mails as .eml files (password resets, invitations, ...). */
  outboxDir: string;
  /** A new browser profile (its own cookies), at a desktop size unless told otherwise. */
  newPage(options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  /** A new profile signed in as this user through the sign-in screen, on the home screen. */
  signedInPage(email: string, options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  /** Someone else at the desk (or a customer) acting over HTTP through the typed client, signed in. */
  client(email: string): Promise<HelpdeskClient>;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, output: () => string) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}):\n${output()}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {}
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`the server did not start:\n${output()}`);
}

export async function startE2eDesk(options: { tickets?: number } = {}): Promise<E2eDesk> {
  const db = await createTestDatabase();
  const desk = await seedDemoDesk(db.orm.em.fork(), {
    tickets: options.tickets ?? 150,
    passwordHash: await hashPassword(DEMO_PASSWORD),
    seed: 7,
  });
  await db.orm.close();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const databaseUrl = db.target.dialect === 'mysql' ? db.target.url : `sqlite:${db.target.path}`;
  const work = join(tmpdir(), `hd-e2e-${port}`);
  let log = '';
  const server = spawn(process.execPath, [join(repoRoot, 'apps/server/src/main.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      PUBLIC_URL: url,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      JOBS_INTERVAL_SECONDS: '0',
      MAIL_OUTBOX_DIR: join(work, 'outbox'),
      ATTACHMENTS_DIR: join(work, 'attachments'),
      REDIS_URL: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk) => (log += chunk));
  server.stderr?.on('data', (chunk) => (log += chunk));
  await waitForHealth(url, server, () => log);

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const contexts: BrowserContext[] = [];
  const newPage: E2eDesk['newPage'] = async (pageOptions = {}) => {
    const context = await browser.newContext({
      baseURL: url,
      viewport: pageOptions.viewport ?? { width: 1280, height: 800 },
      reducedMotion: 'reduce',
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    return page;
  };

  return {
    url,
    db,
    desk,
    browser,
    outboxDir: join(work, 'outbox'),
    newPage,
    async client(email) {
      const helpdesk = createHelpdeskClient({ url, fetch: cookieJarFetch() });
      await helpdesk.auth.signIn.mutate({ email, password: DEMO_PASSWORD });
      return helpdesk;
    },
    async signedInPage(email, pageOptions) {
      const page = await newPage(pageOptions);
      await signIn(page, email);
      return page;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      await browser.close().catch(() => {});
      server.kill('SIGTERM');
      await new Promise((done) => (server.exitCode !== null ? done(null) : server.once('exit', done)));
      await db.dispose();
    },
  };
}

/** Signs in through the sign-in screen and waits for the home screen. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/admin/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.endsWith('/sign-in'));
}

/** A full-page screenshot under SCREENSHOTS_DIR, named after the screen. */
export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  // From the top, as a person first sees the screen (sticky parts stay where they belong).
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe (WCAG 2.x A and AA rules) on the page and fails on any serious or critical finding. */
export async function expectAccessible(page: Page, screen: string) {
  // Evaluated over the DevTools protocol: the page's CSP (no inline scripts) stays in force.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{
            violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
  });
  const serious = violations.filter(
    (violation) => violation.impact === 'serious' || violation.impact === 'critical',
  );
  expect(serious, `axe on ${screen}`).toEqual([]);
}

/** The number on one of the home screen's stat cards ("Open", "Pending", ...). */
export const statValue = (page: Page, label: string) =>
  page.getByRole('region', { name: label, exact: true }).locator('[data-stat-value]').textContent();
