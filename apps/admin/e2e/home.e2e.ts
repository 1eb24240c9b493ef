import { backlogStatuses } from '@helpdesk/validators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eDesk, expectAccessible, PHONE, screenshot, startE2eDesk, statValue } from './support.ts';

let desk: E2eDesk;
beforeAll(async () => {
  desk = await startE2eDesk();
});
afterAll(() => desk?.close());

const DAY_MS = 86_400_000;
const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

describe('home', () => {
  it('shows the desk at a glance with the numbers the API gives, and the chart with its table', async () => {
    const agent = desk.desk.agents[0]!.email;
    const page = await desk.signedInPage(agent);
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();

    const api = await desk.client(agent);
    const overview = await api.reports.overview.query({
      from: utcDay(Date.now() - 29 * DAY_MS),
      to: utcDay(Date.now()),
    });
    const count = (status: string) =>
      overview.backlog.byStatus.find((row) => row.status === status)?.count ?? 0;
    const unassigned = await api.tickets.list.query({
      status: [...backlogStatuses],
      assigneeId: 'unassigned',
      limit: 100,
    });
    const [oldest] = (
      await api.tickets.list.query({ status: ['new', 'open'], sort: 'created', direction: 'asc', limit: 1 })
    ).items;

    await expect.poll(() => statValue(page, 'Pending')).toBe(String(count('pending')));
    expect(await statValue(page, 'Open')).toBe(String(count('new') + count('open')));
    await expect
      .poll(() => statValue(page, 'Unassigned'))
      .toBe(`${unassigned.items.length}${unassigned.nextCursor ? '+' : ''}`);
    expect(count('pending') + count('open')).toBeGreaterThan(0);
    expect(oldest).toBeDefined();
    const oldestLink = page.getByRole('region', { name: 'Oldest waiting' }).getByRole('link');
    await expect.poll(() => oldestLink.textContent()).toContain(oldest!.reference);

    // The chart: an svg with a bar per day and the solved line, described in words.
    const chart = page.getByRole('figure', { name: /created and .* solved/ });
    await expect.poll(() => chart.locator('svg.recharts-surface').count()).toBeGreaterThan(0);
    await expect.poll(() => chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    expect(await chart.locator('.recharts-line-curve').count()).toBe(1);
    const created = overview.createdPerDay.reduce((sum, day) => sum + day.count, 0);
    expect(await chart.textContent()).toContain(`${created} created`);

    // Its alternative: the same numbers as a table, a row per day.
    await page.getByText('Show the numbers as a table').click();
    const table = page.getByRole('table', { name: 'Tickets created and solved per day' });
    await expect.poll(() => table.getByRole('row').count()).toBe(30 + 1);

    await page.getByRole('table', { name: 'Unresolved tickets by priority' }).waitFor();
    await page.getByRole('table', { name: 'Unresolved tickets by team' }).waitFor();
    await screenshot(page, 'home');
    await expectAccessible(page, 'home');

    // Another period is in the URL and the chart follows.
    await page.getByLabel('Period').selectOption('7');
    await page.waitForURL(/range=7/);
    await expect.poll(() => table.getByRole('row').count()).toBe(7 + 1);
  });

  it('fits a phone screen', async () => {
    const page = await desk.signedInPage(desk.desk.agents[1]!.email, {
      viewport: PHONE,
    });
    await page.getByRole('heading', { level: 1, name: 'Home' }).waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await expect.poll(() => statValue(page, 'Pending')).toMatch(/^\d+$/);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'home-phone');
    await expectAccessible(page, 'home-phone');
  });
});
