import type { HelpdeskClient } from '@helpdesk/client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eDesk, expectAccessible, PHONE, screenshot, startE2eDesk } from './support.ts';

let desk: E2eDesk;
let api: HelpdeskClient;
let agentEmail: string;

beforeAll(async () => {
  desk = await startE2eDesk();
  agentEmail = desk.desk.agents[0]!.email;
  api = await desk.client(agentEmail);
});
afterAll(() => desk?.close());

/** The UI answers within a second when the machine is idle; a busy CI runner needs longer. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 10_000 });

const UNRESOLVED = ['New', 'Open', 'Pending', 'On hold'];
const COLUMN = { reference: 1, status: 4, priority: 5 } as const;

const rows = (page: Page) => page.getByRole('table', { name: 'Tickets' }).locator('tbody tr');
const rowOf = (page: Page, reference: string) =>
  rows(page).filter({ has: page.getByText(reference, { exact: true }) });
const column = (page: Page, index: number) =>
  rows(page).evaluateAll(
    (trs, at) => trs.map((tr) => tr.querySelectorAll('td')[at]?.textContent?.trim() ?? ''),
    index,
  );

/** Opens the queue (at `search`) and waits for its first rows. */
async function openQueue(page: Page, search = '') {
  await page.goto(`/admin/queue${search}`);
  await poll(() => rows(page).count()).toBeGreaterThan(0);
}

async function agentPage(viewport?: { width: number; height: number }) {
  return desk.signedInPage(agentEmail, viewport ? { viewport } : {});
}

describe('queue', () => {
  it('finds a ticket by full-text search, with fewer rows than the whole queue', async () => {
    // A subject whose words match few tickets, so the search visibly narrows the list.
    const { items } = await api.tickets.list.query({ limit: 50 });
    let wanted: (typeof items)[number] | undefined;
    for (const ticket of items) {
      const found = await api.tickets.list.query({ search: ticket.subject, limit: 100 });
      if (found.items.length < 20) {
        wanted = ticket;
        break;
      }
    }
    expect(wanted).toBeDefined();

    const page = await agentPage();
    await openQueue(page);
    const before = await rows(page).count();
    await page.getByLabel('Search tickets').fill(wanted!.subject);
    await poll(() => rowOf(page, wanted!.reference).count()).toBe(1);
    await poll(() => rows(page).count()).toBeLessThan(before);
    expect(new URL(page.url()).searchParams.get('q')).toBe(wanted!.subject);
    // Ranked results have no sort of their own.
    expect(await page.getByLabel('Sort', { exact: true }).isDisabled()).toBe(true);
  });

  it('shows saved views with their counts; a view filters the table', async () => {
    const views = await api.views.list.query();
    const unresolved = views.find((view) => view.id === 'all-unresolved')!;
    const page = await agentPage();
    await openQueue(page);
    const nav = page.getByRole('navigation', { name: 'Views' });
    const link = nav.getByRole('link', {
      name: new RegExp(`^All unresolved\\W*${unresolved.count} tickets$`),
    });
    await link.click();
    await page.waitForURL(/view=all-unresolved/);
    await poll(() => link.getAttribute('aria-current')).toBe('page');
    await poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Queue: All unresolved');
    await poll(async () =>
      (await column(page, COLUMN.status)).every((status) => UNRESOLVED.includes(status)),
    ).toBe(true);
    await poll(() => page.getByText(`of ${unresolved.count} tickets`).count()).toBe(1);
    await expectAccessible(page, 'queue (view)');
  });

  it('saves the current filters as a view, with its count, and deletes it', async () => {
    const urgent = await api.tickets.list.query({ priority: 'urgent', status: 'open', limit: 100 });
    const page = await agentPage();
    await openQueue(page, '?priority=urgent&status=open');
    await page.getByRole('button', { name: 'Save as view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save as view' });
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await poll(() => dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await dialog.getByLabel('Name').fill('Urgent and open');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await page.waitForURL(/view=/);
    const nav = page.getByRole('navigation', { name: 'Views' });
    const link = nav.getByRole('link', { name: /^Urgent and open/ });
    await poll(() => link.textContent()).toContain(String(urgent.items.length));
    await poll(() => link.getAttribute('aria-current')).toBe('page');

    await nav.getByRole('button', { name: 'Delete view Urgent and open' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete view' }).click();
    await poll(() => link.count()).toBe(0);
    await poll(() => new URL(page.url()).searchParams.get('view')).toBeNull();
  });

  it('moves with j/k and opens the highlighted ticket with Enter', async () => {
    const page = await agentPage();
    await openQueue(page);
    // Typing in the search box is text, never a shortcut.
    await page.keyboard.press('/');
    await page.keyboard.type('jk');
    expect(await page.getByLabel('Search tickets').inputValue()).toBe('jk');
    await page.getByLabel('Search tickets').fill('');
    await page.getByRole('heading', { level: 1 }).click();
    expect(await rows(page).locator('[aria-current]').count()).toBe(0);

    const ids = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-ticket-id')));
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await poll(() => rows(page).nth(1).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('k');
    await poll(() => rows(page).nth(0).getAttribute('aria-current')).toBe('true');
    expect(await rows(page).nth(1).getAttribute('aria-current')).toBeNull();
    await page.keyboard.press('x');
    await poll(() => rows(page).nth(0).getByRole('checkbox').isChecked()).toBe(true);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/admin/tickets/${ids[0]}$`));
  });

  it('changes the priority of two selected tickets at once', async () => {
    const page = await agentPage();
    await openQueue(page, '?status=open');
    const [first, second] = (await column(page, COLUMN.reference)).slice(0, 2) as [string, string];
    const priorities = (await column(page, COLUMN.priority)).slice(0, 2);
    const target = ['Low', 'Normal', 'High', 'Urgent'].find((priority) => !priorities.includes(priority))!;
    await page.getByRole('checkbox', { name: `Select ${first}` }).check();
    await page.getByRole('checkbox', { name: `Select ${second}` }).check();
    await expectAccessible(page, 'queue with a selection');
    await page.getByLabel('Change', { exact: true }).selectOption('priority');
    await page.getByLabel('To', { exact: true }).selectOption(target.toLowerCase());
    await page.getByRole('button', { name: 'Apply to 2' }).click();
    await poll(() => page.getByRole('status').filter({ hasText: 'Updated 2 tickets.' }).count()).toBe(1);
    for (const reference of [first, second])
      await poll(() => rowOf(page, reference).locator('td').nth(COLUMN.priority).textContent()).toBe(target);
    expect(await page.getByRole('checkbox', { name: `Select ${first}` }).isChecked()).toBe(false);
  });

  it('loads the next page with other tickets', async () => {
    const page = await agentPage();
    await openQueue(page);
    const firstPage = await rows(page).evaluateAll((trs) =>
      trs.map((tr) => tr.getAttribute('data-ticket-id')),
    );
    expect(firstPage).toHaveLength(25);
    await page.getByRole('button', { name: 'Load more' }).click();
    await poll(() => rows(page).count()).toBe(50);
    const all = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-ticket-id')));
    const added = all.slice(25);
    expect(added.some((id) => firstPage.includes(id))).toBe(false);
    expect(new Set(all).size).toBe(50);
  });

  it('keeps a filter from the URL across a reload', async () => {
    const page = await agentPage();
    await openQueue(page, '?priority=urgent&sort=created');
    const onlyUrgent = async () => (await column(page, COLUMN.priority)).every((value) => value === 'Urgent');
    await poll(onlyUrgent).toBe(true);
    await page.reload();
    await poll(() => rows(page).count()).toBeGreaterThan(0);
    await poll(onlyUrgent).toBe(true);
    await page.getByRole('button', { name: 'Priority: Urgent' }).click();
    const urgent = page.getByRole('group', { name: 'Priority' }).getByRole('checkbox', { name: 'Urgent' });
    expect(await urgent.isChecked()).toBe(true);
    await expectAccessible(page, 'queue with a filter open');
    await page.keyboard.press('Escape');
    await poll(() => urgent.count()).toBe(0);
    expect(await page.getByLabel('Sort', { exact: true }).inputValue()).toBe('created:desc');
  });

  it('looks right and is accessible on a desktop and on a phone', async () => {
    const page = await agentPage();
    await openQueue(page);
    await expectAccessible(page, 'queue');
    await screenshot(page, 'queue');

    const phone = await agentPage(PHONE);
    await openQueue(phone);
    await expectAccessible(phone, 'queue on a phone');
    await screenshot(phone, 'queue-phone');
    // The table scrolls inside its frame; the page itself never scrolls sideways.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.getByLabel('View', { exact: true }).selectOption('all-unresolved');
    await phone.waitForURL(/view=all-unresolved/);
  });
});
