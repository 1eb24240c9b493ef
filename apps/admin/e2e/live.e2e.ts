import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eDesk, startE2eDesk, statValue } from './support.ts';

let desk: E2eDesk;
beforeAll(async () => {
  desk = await startE2eDesk({ tickets: 40 });
});
afterAll(() => desk?.close());

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

    const customer = await desk.client(desk.desk.customers[0]!.email);
    await customer.tickets.create.mutate({ subject: 'Arrives live', body: 'Seen without a reload?' });

    // Well inside the screens' 30 s refetch interval: only the event can explain it.
    await expect.poll(() => statValue(page, 'Open'), { timeout: 5_000 }).toBe(String(before + 1));
    expect(requests).toBeGreaterThan(0);
    expect(new URL(page.url()).pathname).toBe('/admin/');
  });
});
