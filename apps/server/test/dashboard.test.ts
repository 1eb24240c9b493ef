import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@helpdesk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../src/config.ts';
import { startTestServer, type TestServer } from './support.ts';

// A stand-in for `vite build`'s output: the plugin serves whatever the folder holds.
const dist = mkdtempSync(join(tmpdir(), 'hd-dashboard-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Helpdesk</title><div id="root"></div>');
writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');

let server: TestServer;
let unbuilt: TestServer;
beforeAll(async () => {
  server = await startTestServer({ ADMIN_DIST_DIR: dist });
  unbuilt = await startTestServer({ ADMIN_DIST_DIR: join(dist, 'missing') });
});
afterAll(async () => {
  await server?.close();
  await unbuilt?.close();
  rmSync(dist, { recursive: true, force: true });
});

const get = (base: string, path: string) => fetch(`${base}${path}`, { redirect: 'manual' });

describe('the dashboard at /admin', () => {
  it('serves the app with a policy that allows only its own scripts', async () => {
    const page = await get(server.url, '/admin/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });

  it('answers index.html for every screen, so deep links and reloads work', async () => {
    for (const path of ['/admin/queue', '/admin/tickets/abc', '/admin/account']) {
      const page = await get(server.url, path);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
    }
  });

  it('caches hashed assets for good, and a missing asset is a 404 rather than the page', async () => {
    const asset = await get(server.url, '/admin/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await get(server.url, '/admin/assets/gone.js')).status).toBe(404);
  });

  it('never serves files from outside its folder', async () => {
    const traversal = await get(server.url, '/admin/..%2f..%2fpackage.json');
    expect(await traversal.text()).not.toContain('"workspaces"');
  });

  it('takes the links of mails (with their #token) and the root into the dashboard', async () => {
    for (const path of ['/reset-password', '/accept-invite', '/verify-email', '/confirm-email']) {
      const answer = await get(server.url, path);
      expect(answer.status, path).toBe(302);
      expect(answer.headers.get('location')).toBe(`/admin${path}`);
    }
    expect((await get(server.url, '/tickets/T123')).headers.get('location')).toBe('/admin/tickets/T123');
    expect((await get(server.url, '/')).headers.get('location')).toBe('/admin/');
  });

  it('says how to build it when it has not been built, and the API still works', async () => {
    const page = await get(unbuilt.url, '/admin/');
    expect(page.status).toBe(503);
    expect(await page.text()).toMatch(/npm run build/);
    expect((await get(unbuilt.url, '/health')).status).toBe(200);
    expect(unbuilt.logs.join('')).toMatch(/dashboard is not built/);
  });
});

describe('.env.example', () => {
  it('documents every variable the server reads', () => {
    const example = readFileSync(join(repoRoot, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
    expect(CONFIG_VARIABLES.filter((name) => !documented.has(name))).toEqual([]);
  });
});
