import { readFile } from 'node:fs/promises';
import type { HelpdeskClient } from '@helpdesk/client';
import type { Page, Request, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eDesk, expectAccessible, PHONE, screenshot, startE2eDesk } from './support.ts';

let desk: E2eDesk;
let agent: HelpdeskClient;
let otherAgent: HelpdeskClient;
/** Open tickets, each test taking its own so they never see each other's changes. */
let tickets: { id: string; subject: string; requesterId: string; assigneeId: string | null }[];

const agentEmail = () => desk.desk.agents[0]!.email;
/** Answers from the server take a moment; the UI is polled for longer than vitest's default second. */
const poll = <T>(read: () => Promise<T> | T) => expect.poll(read, { timeout: 15_000 });

async function openTicket(page: Page, ticket: { id: string; subject: string }) {
  await page.goto(`/admin/tickets/${ticket.id}`);
  await poll(() => page.getByRole('heading', { level: 1, name: ticket.subject }).isVisible()).toBe(true);
}

function takeTicket() {
  const ticket = tickets.shift();
  if (!ticket) throw new Error('the demo desk ran out of open tickets');
  return ticket;
}

beforeAll(async () => {
  desk = await startE2eDesk();
  agent = await desk.client(agentEmail());
  otherAgent = await desk.client(desk.desk.agents[1]!.email);
  const { items } = await agent.tickets.list.query({ status: ['new', 'open'], limit: 30 });
  tickets = items.map((item) => ({
    id: item.id,
    subject: item.subject,
    requesterId: item.requester.id,
    assigneeId: item.assignee?.id ?? null,
  }));
});
afterAll(() => desk?.close());

describe('ticket', () => {
  it('sends a public reply and an internal note the customer never sees', async () => {
    const ticket = takeTicket();
    const page = await desk.signedInPage(agentEmail());
    await openTicket(page, ticket);

    const reply = `Thanks for the details, we are on it (${Date.now()}).`;
    await page.getByLabel('Message').fill(reply);
    await page.getByRole('button', { name: 'Send reply' }).click();
    const replyCard = page.getByRole('article', { name: /^Reply by/ }).filter({ hasText: reply });
    await poll(() => replyCard.isVisible()).toBe(true);
    expect(await page.getByLabel('Message').inputValue()).toBe('');

    const note = `Internal: customer is on the legacy plan (${Date.now()}).`;
    await page.getByRole('radio', { name: 'Internal note' }).check();
    await page.getByLabel('Message').fill(note);
    await page.getByRole('button', { name: 'Add internal note' }).click();
    const noteCard = page.getByRole('article', { name: /^Internal note by/ }).filter({ hasText: note });
    await poll(() => noteCard.isVisible()).toBe(true);
    expect(await noteCard.getAttribute('data-internal')).toBe('true');
    expect(await noteCard.getByText('Internal note', { exact: true }).isVisible()).toBe(true);
    expect(await noteCard.evaluate((element) => getComputedStyle(element).backgroundColor)).not.toBe(
      await replyCard.evaluate((element) => getComputedStyle(element).backgroundColor),
    );

    const requester = desk.desk.customers.find((customer) => customer.id === ticket.requesterId);
    const customer = await desk.client(requester!.email);
    const seen = await customer.tickets.get.query({ id: ticket.id });
    const bodies = seen.messages.map((message) => message.body);
    expect(bodies).toContain(reply);
    expect(bodies).not.toContain(note);
    expect(seen.messages.some((message) => message.internal)).toBe(false);

    await poll(() => page.getByRole('list', { name: 'History' }).allTextContents()).toEqual([
      expect.stringMatching(/added an internal note/),
    ]);
    await expectAccessible(page, 'ticket');
    await screenshot(page, 'ticket');
  });

  it('sends a reply and sets the status in one step', async () => {
    const ticket = takeTicket();
    const page = await desk.signedInPage(agentEmail());
    await openTicket(page, ticket);
    await page.getByLabel('Message').fill('Waiting for your answer on this one.');
    await page.getByLabel('Then set status').selectOption('pending');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await poll(async () => (await agent.tickets.get.query({ id: ticket.id })).status).toBe('pending');
    const detail = await agent.tickets.get.query({ id: ticket.id });
    expect(detail.messages.at(-1)?.body).toBe('Waiting for your answer on this one.');
    // The server commits before the browser has the answer and empties the composer: wait for it.
    await poll(() => page.getByLabel('Then set status').inputValue()).toBe('');
  });

  it('assigns the ticket and solves it, with the properties and the history following', async () => {
    const ticket = takeTicket();
    const colleague = desk.desk.agents.find((candidate) => candidate.id !== ticket.assigneeId)!;
    const page = await desk.signedInPage(agentEmail());
    await openTicket(page, ticket);
    const history = () => page.getByRole('list', { name: 'History' }).allTextContents();

    await page.getByLabel('Assignee').selectOption({ label: colleague.name });
    await poll(history).toEqual([expect.stringContaining(`changed assignee from`)]);
    expect((await history()).join()).toContain(`to ${colleague.name}`);
    expect(await page.getByLabel('Assignee').inputValue()).toBe(colleague.id);

    await page.getByLabel('Status', { exact: true }).selectOption('solved');
    await poll(history).toEqual([expect.stringMatching(/changed status from (New|Open) to Solved/)]);
    const header = page.getByRole('main').locator('p').first();
    await poll(() => header.textContent()).toContain('Solved');

    const saved = await agent.tickets.get.query({ id: ticket.id });
    expect(saved.status).toBe('solved');
    expect(saved.assignee?.id).toBe(colleague.id);
  });

  it('adds and removes tags and saves custom fields in place, with field errors from the shared schema', async () => {
    const ticket = takeTicket();
    const page = await desk.signedInPage(agentEmail());
    await openTicket(page, ticket);
    const tags = page.getByRole('list', { name: 'Tags' });

    await page.getByLabel('Add a tag').fill('!!');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await poll(() => page.getByLabel('Add a tag').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Add a tag').fill('  VIP Customer ');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await poll(() => tags.getByText('vip customer').isVisible()).toBe(true);
    await poll(() => page.getByLabel('Add a tag').inputValue()).toBe('');
    await page.getByRole('button', { name: 'Remove tag vip customer' }).click();
    await poll(() => tags.getByText('vip customer', { exact: true }).count()).toBe(0);

    const plan = page.getByLabel('Plan');
    const next = (await plan.inputValue()) === 'Enterprise' ? 'Free' : 'Enterprise';
    await plan.selectOption(next);
    await page.getByRole('button', { name: 'Save fields' }).click();
    await poll(() => page.getByRole('list', { name: 'History' }).allTextContents()).toEqual([
      expect.stringContaining('changed the custom fields'),
    ]);
    const saved = await agent.tickets.get.query({ id: ticket.id });
    expect(saved.customFields?.plan).toBe(next);
    expect(saved.tags).not.toContain('vip customer');
  });

  it('shows a conflict when someone else changed the ticket first, and re-applies the change', async () => {
    const ticket = takeTicket();
    const page = await desk.signedInPage(agentEmail());
    // The screen's reads of the ticket (its polling, or a live update), and those not answered yet.
    const reads = /\/trpc\/[^?]*tickets\.get/;
    const unanswered = new Set<Request>();
    page.on('request', (request) => void (reads.test(request.url()) && unanswered.add(request)));
    const answered = (request: Request) => void unanswered.delete(request);
    page.on('requestfinished', answered);
    page.on('requestfailed', answered);
    await openTicket(page, ticket);
    const draft = 'A reply I am still writing';
    await page.getByLabel('Message').fill(draft);

    // The other change lands between two of the screen's refreshes: new reads are held, and any
    // read already on its way is answered first, until the user's own change has been sent.
    const held: Route[] = [];
    const hold = (route: Route) => void held.push(route);
    await page.route(reads, hold);
    const notHeld = () =>
      [...unanswered].filter((request) => !held.some((route) => route.request() === request));
    await poll(() => notHeld().length).toBe(0);
    const { version } = await otherAgent.tickets.get.query({ id: ticket.id });
    await otherAgent.tickets.update.mutate({ id: ticket.id, version, priority: 'urgent' });
    await page.getByLabel('Status', { exact: true }).selectOption('pending');

    const conflict = page.getByTestId('conflict');
    await poll(() => conflict.isVisible()).toBe(true);
    await page.unroute(reads, hold);
    for (const route of held) await route.continue();
    expect(await conflict.textContent()).toMatch(/Someone else changed this ticket/);
    expect(await conflict.textContent()).toContain('Status: Pending');
    await screenshot(page, 'ticket-conflict');
    await page.getByRole('button', { name: 'Load the latest version' }).click();
    await poll(() => page.getByLabel('Priority').inputValue()).toBe('urgent');
    expect(await page.getByLabel('Message').inputValue()).toBe(draft);

    await page.getByRole('button', { name: 'Re-apply my change' }).click();
    await poll(() => conflict.isVisible()).toBe(false);
    await poll(() => page.getByLabel('Status', { exact: true }).inputValue()).toBe('pending');
    const saved = await agent.tickets.get.query({ id: ticket.id });
    expect(saved).toMatchObject({ status: 'pending', priority: 'urgent' });
    expect(await page.getByLabel('Message').inputValue()).toBe(draft);
  });

  it('uploads an attachment with a reply and downloads the same bytes', async () => {
    const ticket = takeTicket();
    const page = await desk.signedInPage(agentEmail());
    await openTicket(page, ticket);
    const bytes = Buffer.from('Steps to reproduce:\n1. Open the invoice page\n2. Click download\n');

    await page
      .getByLabel('Attach files')
      .setInputFiles({ name: 'steps.txt', mimeType: 'text/plain', buffer: bytes });
    await poll(() => page.getByRole('list', { name: 'Files to send' }).textContent()).toContain('steps.txt');
    await page.getByLabel('Message').fill('Here are the steps, attached.');
    await page.getByRole('button', { name: 'Send reply' }).click();

    const link = page.getByRole('article').getByRole('link', { name: /steps\.txt/ });
    await poll(() => link.isVisible()).toBe(true);
    const href = await link.getAttribute('href');
    const response = await page.context().request.get(`${desk.url}${href}`);
    expect(response.status()).toBe(200);
    expect(Buffer.from(await response.body()).equals(bytes)).toBe(true);

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('steps.txt');
    expect((await readFile(await download.path())).equals(bytes)).toBe(true);
  });

  it('inserts a canned response rendered for the ticket into the composer', async () => {
    const ticket = takeTicket();
    await agent.cannedResponses.create.mutate({
      title: 'Greeting',
      body: 'Hello {{requester.name}}, thanks for writing about {{ticket.reference}}.',
    });
    const detail = await agent.tickets.get.query({ id: ticket.id });
    const page = await desk.signedInPage(agentEmail());
    await openTicket(page, ticket);

    await page.getByLabel('Message').fill('Intro. ');
    await page.getByLabel('Insert a canned response').selectOption({ label: 'Greeting (mine)' });
    await poll(() => page.getByLabel('Message').inputValue()).toBe(
      `Intro. Hello ${detail.requester.name}, thanks for writing about ${detail.reference}.`,
    );
  });

  it('fits a phone screen without overflowing', async () => {
    const ticket = takeTicket();
    const page = await desk.signedInPage(agentEmail(), { viewport: PHONE });
    await openTicket(page, ticket);
    await poll(() => page.getByRole('list', { name: 'History' }).isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(page, 'ticket on a phone');
    await screenshot(page, 'ticket-phone');
  });
});
