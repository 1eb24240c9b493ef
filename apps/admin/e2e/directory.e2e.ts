import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eDesk, expectAccessible, PHONE, screenshot, startE2eDesk } from './support.ts';

let desk: E2eDesk;
beforeAll(async () => {
  desk = await startE2eDesk();
});
afterAll(() => desk?.close());

describe('customers', () => {
  it('finds a customer by name, shows their profile and tickets, and opens a ticket', async () => {
    const customer = desk.desk.customers.find((person) => person.email === 'customer1@example.com')!;
    const page = await desk.signedInPage(desk.desk.agents[0]!.email);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('table', { name: 'Customers' }).waitFor();

    const firstName = customer.name.split(' ')[0]!;
    await page.getByRole('searchbox', { name: 'Search customers' }).fill(firstName);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === firstName);
    const rows = page.getByRole('table', { name: 'Customers' }).getByRole('row');
    await expect.poll(() => rows.filter({ hasText: customer.email }).count()).toBe(1);
    // Every row found starts with the search, by name or by email.
    for (const text of await rows.allTextContents())
      if (!/^Name/.test(text)) expect(text).toContain(firstName);
    await screenshot(page, 'customers');
    await expectAccessible(page, 'customers');

    await page.getByRole('link', { name: customer.name }).click();
    await page.waitForURL(`**/admin/customers/${customer.id}`);
    await page.getByRole('heading', { level: 1, name: customer.name }).waitFor();
    expect(await page.getByText(customer.email).count()).toBeGreaterThan(0);
    const tickets = page.getByRole('table', { name: 'Tickets' });
    await expect.poll(() => tickets.getByRole('row').count()).toBeGreaterThan(1);
    await screenshot(page, 'customer');
    await expectAccessible(page, 'customer');

    await tickets.getByRole('link').first().click();
    await page.waitForURL(/\/admin\/tickets\/[0-9A-Z]{26}$/);
  });

  it('says so when nobody matches, and shows a too-long search next to the field', async () => {
    const page = await desk.signedInPage(desk.desk.agents[0]!.email);
    await page.goto('/admin/customers?q=zzzz-nobody');
    await page.getByText('No customer matches').waitFor();
    const search = page.getByRole('searchbox', { name: 'Search customers' });
    await search.fill('x'.repeat(121));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => search.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('At most 120 characters').count()).toBe(1);
  });
});

describe('organizations', () => {
  it('lists organizations; an admin creates one and adds a member', async () => {
    const page = await desk.signedInPage('admin@example.com');
    await page.goto('/admin/organizations');
    const list = page.getByRole('table', { name: 'Organizations' });
    await list.getByRole('link', { name: desk.desk.sharedOrganization.name }).waitFor();
    expect(await list.getByRole('row').count()).toBe(desk.desk.organizations + 1);
    await screenshot(page, 'organizations');
    await expectAccessible(page, 'organizations');

    await page.getByRole('button', { name: 'New organization' }).click();
    const dialog = page.getByRole('dialog', { name: 'New organization' });
    await dialog.getByRole('button', { name: 'Create organization' }).click();
    await expect.poll(() => dialog.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    // A name taken already is refused by the server, and said at the field.
    await dialog.getByLabel('Name').fill(desk.desk.sharedOrganization.name.toUpperCase());
    await dialog.getByRole('button', { name: 'Create organization' }).click();
    await dialog.getByText('already exists').waitFor();
    await expectAccessible(page, 'new organization dialog');
    await dialog.getByLabel('Name').fill('Northwind Traders');
    await dialog.getByLabel('Members share tickets').check();
    await dialog.getByRole('button', { name: 'Create organization' }).click();
    await page.waitForURL(/\/admin\/organizations\/[0-9A-Z]{26}$/);
    await page.getByRole('heading', { level: 1, name: 'Northwind Traders' }).waitFor();
    await page.getByText('No members yet').waitFor();

    // customer2 is in no organization (the demo desk puts every third customer in one).
    const customer = desk.desk.customers.find((person) => person.email === 'customer2@example.com')!;
    await page.getByRole('searchbox', { name: 'Find a customer' }).fill(customer.email);
    await page
      .getByRole('search', { name: 'Find a customer' })
      .getByRole('button', { name: 'Search' })
      .click();
    await page.getByRole('button', { name: `Add ${customer.name}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${customer.name} is now a member` })
      .waitFor();
    const members = page.getByRole('table', { name: 'Members of Northwind Traders' });
    await members.getByRole('link', { name: customer.name }).waitFor();
    await page.getByRole('heading', { name: 'Members (1)' }).waitFor();
    // Their tickets are the organization's now.
    await expect
      .poll(() => page.getByRole('table', { name: 'Tickets' }).getByRole('row').count())
      .toBeGreaterThan(1);
    await screenshot(page, 'organization');
    await expectAccessible(page, 'organization');

    await page.getByRole('button', { name: `Remove ${customer.name}` }).click();
    await page.getByText('No members yet').waitFor();
  });

  it('shows agents the directory read-only', async () => {
    const page = await desk.signedInPage(desk.desk.agents[0]!.email);
    await page.goto('/admin/organizations');
    await page.getByRole('link', { name: desk.desk.sharedOrganization.name }).click();
    await page.getByRole('heading', { level: 1, name: desk.desk.sharedOrganization.name }).waitFor();
    const members = page.getByRole('table', { name: `Members of ${desk.desk.sharedOrganization.name}` });
    for (const email of desk.desk.sharedOrganization.members)
      await members.getByRole('cell', { name: email }).waitFor();
    expect(await page.getByRole('button', { name: /Edit organization|Remove|Add/ }).count()).toBe(0);
    await expectAccessible(page, 'organization (agent)');
  });
});

describe('on a phone', () => {
  it('fits the customers, a profile and an organization on the screen', async () => {
    const phone = { viewport: PHONE };
    const page = await desk.signedInPage('admin@example.com', phone);
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

    await page.goto('/admin/customers');
    await page.getByRole('table', { name: 'Customers' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);

    const customer = desk.desk.customers.find((person) => person.email === 'customer1@example.com')!;
    await page.goto(`/admin/customers/${customer.id}`);
    await page.getByRole('table', { name: 'Tickets' }).waitFor();
    await screenshot(page, 'customer-phone');
    expect(await overflow()).toBeLessThanOrEqual(0);

    await page.getByRole('link', { name: desk.desk.sharedOrganization.name }).click();
    await page.getByRole('table', { name: `Members of ${desk.desk.sharedOrganization.name}` }).waitFor();
    await page.getByRole('table', { name: 'Tickets' }).waitFor();
    await screenshot(page, 'organization-phone');
    expect(await overflow()).toBeLessThanOrEqual(0);
    await expectAccessible(page, 'organization-phone');
  });
});
