import { cookieJarFetch, createHelpdeskClient } from '@helpdesk/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type E2eDesk, startE2eDesk } from './support.ts';

let desk: E2eDesk;
beforeAll(async () => {
  desk = await startE2eDesk({ tickets: 40 });
});
afterAll(() => desk?.close());

const statValue = (page: Page, label: string) =>
  page.getByRole('region', { name: label, exact: true }).locator('[data-stat-value]').textContent();

describe('live updates', () => {
  it('a ticket made elsewhere shows on an open screen within seconds, long before any refetch interval, with no reload', async () => {
    const page = await desk.signedInPage(desk.desk.agents[0]!.email);
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    // The stream is open before the change is made.
    await page.locator('[data-live="pending"]').waitFor();
    await expect.poll(() => statValue(page, 'Open')).toMatch(/^\d+$/);
    const before = Number(await statValue(page, 'Open'));
    let requests = 0;
    page.on('request', (request) => {
      if (request.url().includes('/trpc/')) requests++;
    });

    const customer = createHelpdeskClient({ url: desk.url, fetch: cookieJarFetch() });
    await customer.auth.signIn.mutate({ email: desk.desk.customers[0]!.email, password: DEMO_PASSWORD });
    await customer.tickets.create.mutate({ subject: 'Arrives live', body: 'Seen without a reload?' });

    // Well inside the screens' 30 s refetch interval: only the event can explain it.
    await expect.poll(() => statValue(page, 'Open'), { timeout: 5_000 }).toBe(String(before + 1));
    expect(requests).toBeGreaterThan(0);
    expect(new URL(page.url()).pathname).toBe('/admin/');
  });
});
