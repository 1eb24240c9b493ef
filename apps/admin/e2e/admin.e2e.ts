import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newestMail } from './mail.ts';
import { type E2eDesk, expectAccessible, PHONE, screenshot, startE2eDesk } from './support.ts';

let desk: E2eDesk;
let admin: Page;
beforeAll(async () => {
  desk = await startE2eDesk();
  admin = await desk.signedInPage(desk.desk.admin.email);
});
afterAll(() => desk?.close());

/** The screens' addresses: their routes ('/manage/agents', ...) under the dashboard's base path /admin. */
const SCREENS = {
  agents: '/admin/manage/agents',
  teams: '/admin/manage/teams',
  categories: '/admin/manage/categories',
  cannedResponses: '/admin/manage/canned-responses',
  audit: '/admin/manage/audit',
};

const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });

/** A card of the teams screen, found by its heading. */
const card = (page: Page, title: string) =>
  page.locator('section').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

describe('admin screens', () => {
  it("changes an agent's role and the demoted agent's session ends", async () => {
    const agent = desk.desk.agents[1]!;
    const agentPage = await desk.signedInPage(agent.email);

    await admin.goto(SCREENS.agents);
    const role = admin.getByLabel(`Role of ${agent.name}`);
    await visible(role);
    await expectAccessible(admin, 'admin-agents');
    await screenshot(admin, 'admin-agents');

    await role.selectOption('customer');
    const dialog = admin.getByRole('dialog');
    await visible(dialog.getByText(`Make ${agent.name} a customer?`));
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await visible(admin.getByText(`${agent.name} is now a customer.`, { exact: false }));

    // Their next request finds the session gone.
    await agentPage.goto('/admin/queue');
    await agentPage.waitForURL(/\/admin\/sign-in/);
    expect(new URL(agentPage.url()).pathname).toBe('/admin/sign-in');
    await visible(agentPage.getByRole('button', { name: 'Sign in' }));
  });

  it('refuses to let an admin demote themself, with the API’s reason', async () => {
    await admin.goto(SCREENS.agents);
    await admin.getByLabel(`Role of ${desk.desk.admin.name}`).selectOption('agent');
    const dialog = admin.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await visible(dialog.getByRole('alert'));
    expect(await dialog.getByRole('alert').textContent()).toMatch(/another admin/i);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('invites an agent: a taken address is refused at the field, then the mail goes out', async () => {
    await admin.goto(SCREENS.agents);
    await admin.getByRole('button', { name: 'Invite agent' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Email').fill(desk.desk.agents[0]!.email);
    await dialog.getByLabel('Name').fill('Nina New');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => dialog.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.textContent()).toMatch(/already exists/);

    await dialog.getByLabel('Email').fill('nina.new@example.com');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await visible(admin.getByText('Invitation sent to nina.new@example.com', { exact: false }));
    const row = admin.getByRole('row').filter({ hasText: 'nina.new@example.com' });
    await visible(row.getByText('Invitation pending'));
    const mail = await newestMail(desk, 'nina.new@example.com', /^Subject: You are invited/m);
    expect(mail).toMatch(/accept-invite#token=/);
  });

  it('finds a customer among all accounts by the start of their name, on the server', async () => {
    const customer = desk.desk.customers.at(-1)!;
    await admin.goto(SCREENS.agents);
    await admin.getByLabel('Role', { exact: true }).selectOption('all');
    await admin.getByLabel('Search', { exact: true }).fill(customer.name.split(' ')[0]!);
    const row = admin.getByRole('row').filter({ hasText: customer.email });
    await visible(row);
    await admin.getByLabel('Search', { exact: true }).fill('zz-nobody-has-this-name');
    await visible(admin.getByText('No account matches this search'));
  });

  it('deactivates an agent after confirming, then reactivates them', async () => {
    const agent = desk.desk.agents[2]!;
    await admin.goto(SCREENS.agents);
    const row = admin.getByRole('row').filter({ hasText: agent.email });
    await admin.getByRole('button', { name: `Deactivate ${agent.name}` }).click();
    const dialog = admin.getByRole('dialog');
    await visible(dialog.getByText(`Deactivate ${agent.name}?`));
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await visible(row.getByText('Deactivated'));

    await admin.getByRole('button', { name: `Reactivate ${agent.name}` }).click();
    await visible(row.getByText('Active', { exact: true }));
    expect(await row.getByText('Deactivated').count()).toBe(0);
  });

  it('creates a team, refuses a taken name, adds a member and renames the team', async () => {
    const agent = desk.desk.agents[0]!;
    await admin.goto(SCREENS.teams);
    await visible(admin.getByRole('heading', { name: 'Billing' }));
    await expectAccessible(admin, 'admin-teams');

    await admin.getByRole('button', { name: 'New team' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Team name').fill('billing');
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await expect.poll(() => dialog.getByLabel('Team name').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.textContent()).toMatch(/already exists/);

    await dialog.getByLabel('Team name').fill('Escalations');
    await dialog.getByLabel('Round robin').check();
    await dialog.getByRole('button', { name: 'Create team' }).click();
    const team = card(admin, 'Escalations');
    await visible(team.getByText('Round robin'));
    await team.getByLabel('Add a member to Escalations').selectOption({ label: `${agent.name} (agent)` });
    await team.getByRole('button', { name: 'Add', exact: true }).click();
    await visible(team.getByRole('listitem').filter({ hasText: agent.name }));
    await visible(team.getByRole('button', { name: `Remove ${agent.name} from Escalations` }));
    await screenshot(admin, 'admin-teams');

    await admin.getByRole('button', { name: 'Edit Escalations' }).click();
    await dialog.getByLabel('Team name').fill('Escalations desk');
    await dialog.getByRole('button', { name: 'Save team' }).click();
    await visible(card(admin, 'Escalations desk').getByText(agent.name));
  });

  it('creates a category and a select custom field with options, then adds an option', async () => {
    await admin.goto(SCREENS.categories);
    await visible(admin.getByRole('table', { name: 'Categories' }));
    await admin.getByRole('button', { name: 'New category' }).click();
    let dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Warranty');
    await dialog.getByLabel('Description').fill('Repairs under warranty');
    await dialog.getByRole('button', { name: 'Create category' }).click();
    await visible(admin.getByRole('cell', { name: 'Warranty', exact: true }));

    await admin.getByRole('button', { name: 'New field' }).click();
    dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Label').fill('Product line');
    await dialog.getByLabel('Key').fill('product_line');
    await dialog.getByLabel('Type').selectOption('select');
    await dialog.getByLabel('Applies to').selectOption({ label: 'Tickets of Warranty' });
    // The shared schema wants options for a select field.
    await dialog.getByRole('button', { name: 'Create field' }).click();
    await expect.poll(() => dialog.getByLabel('Options').getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.textContent()).toMatch(/At least one option/);

    await dialog.getByLabel('Options').fill('Laptops\nPhones\n\nTablets');
    await dialog.getByRole('button', { name: 'Create field' }).click();
    const row = admin.getByRole('row').filter({ hasText: 'product_line' });
    await visible(row.getByText('Laptops, Phones, Tablets'));
    expect(await row.textContent()).toMatch(/Warranty/);

    await admin.getByRole('button', { name: 'Edit Product line' }).click();
    await dialog.getByLabel('Options').fill('Laptops\nPhones\nTablets\nWatches');
    await dialog.getByRole('button', { name: 'Save field' }).click();
    await visible(row.getByText('Laptops, Phones, Tablets, Watches'));
    await expectAccessible(admin, 'admin-categories');
    await screenshot(admin, 'admin-categories');
  });

  it('creates a shared canned response and previews it for a ticket', async () => {
    await admin.goto(SCREENS.cannedResponses);
    await admin.getByRole('button', { name: 'New canned response' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Title').fill('Thanks for waiting');
    await dialog
      .getByLabel('Reply')
      .fill('Hello {{requester.name}}, about {{ticket.reference}}: we are on it.');
    await dialog.getByLabel('Set status').selectOption('pending');
    await dialog.getByLabel('Shared with every agent').check();
    await dialog.getByRole('button', { name: 'Create response' }).click();
    await visible(admin.getByRole('cell', { name: /Thanks for waiting/ }));
    await expectAccessible(admin, 'admin-canned-responses');

    await admin.getByRole('button', { name: 'Preview Thanks for waiting' }).click();
    const preview = admin.getByRole('dialog').getByRole('region', { name: 'Preview' });
    await visible(preview);
    const ticket = await admin
      .getByRole('dialog')
      .getByLabel('Ticket')
      .evaluate((select) => {
        const option = (select as HTMLSelectElement).selectedOptions[0]!.textContent ?? '';
        return { reference: option.split(' · ')[0]!, requester: /\(([^)]*)\)$/.exec(option)?.[1] ?? '' };
      });
    expect(await preview.textContent()).toBe(
      `Hello ${ticket.requester}, about ${ticket.reference}: we are on it.`,
    );
    await expectAccessible(admin, 'admin-canned-responses (preview)');
    await screenshot(admin, 'admin-canned-responses');
  });

  it('lists the role change in the audit log, and filters by action', async () => {
    const agent = desk.desk.agents[1]!;
    await admin.goto(SCREENS.audit);
    const change = admin.getByRole('row').filter({ hasText: 'Role changed' }).filter({ hasText: agent.name });
    await visible(change);
    expect(await change.textContent()).toMatch(/agent → customer/);
    expect(await change.textContent()).toContain(desk.desk.admin.name);
    await expectAccessible(admin, 'admin-audit');
    await screenshot(admin, 'admin-audit');

    await admin.getByLabel('Action').selectOption('team.created');
    await admin.waitForURL(/action=team\.created/);
    await visible(admin.getByRole('row').filter({ hasText: 'Escalations' }));
    expect(await admin.getByRole('row').filter({ hasText: 'Role changed' }).count()).toBe(0);
  });

  it('tells an agent that only admins manage agents, and lets them use shared canned responses', async () => {
    const page = await desk.signedInPage(desk.desk.agents[0]!.email);
    await page.goto(SCREENS.agents);
    await visible(page.getByText('Only admins can manage agents', { exact: false }));
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Agents');
    expect(await page.getByRole('table').count()).toBe(0);
    await expectAccessible(page, 'admin-agents (agent)');

    // Canned responses are for agents too: shared ones to use, not to change.
    await page.goto(SCREENS.cannedResponses);
    await visible(page.getByRole('button', { name: 'Preview Thanks for waiting' }));
    expect(await page.getByRole('button', { name: 'Edit Thanks for waiting' }).count()).toBe(0);
    expect(await page.getByLabel('Shared with every agent').count()).toBe(0);
  });

  it('fits every admin screen on a phone', async () => {
    const page = await desk.signedInPage(desk.desk.admin.email, { viewport: PHONE });
    for (const [name, path] of Object.entries(SCREENS)) {
      await page.goto(path);
      await visible(page.getByRole('table').or(page.getByRole('heading', { level: 2 })));
      await expect.poll(() => page.locator('[data-state="loading"]').count(), { timeout: 10_000 }).toBe(0);
      // Tables scroll inside their frame; the page itself never scrolls sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth), name).toBeLessThanOrEqual(390);
    }
    await page.goto(SCREENS.agents);
    await visible(page.getByRole('table', { name: 'Accounts' }));
    await expectAccessible(page, 'admin-agents (phone)');
    await screenshot(page, 'admin-agents-phone');
  });
});
