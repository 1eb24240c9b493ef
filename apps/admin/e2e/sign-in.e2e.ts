import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eDesk, expectAccessible, PHONE, screenshot, signIn, startE2eDesk } from './support.ts';

let desk: E2eDesk;
beforeAll(async () => {
  desk = await startE2eDesk();
});
afterAll(() => desk?.close());

describe('sign in', () => {
  it('refuses a wrong password with a message, then signs in and lands on the home screen', async () => {
    const page = await desk.newPage();
    await page.goto('/admin/');
    await page.waitForURL(/\/admin\/sign-in/);
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');
    await page.getByLabel('Email').fill(desk.desk.agents[0]!.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/invalid|incorrect|wrong/i);
    await signIn(page, desk.desk.agents[0]!.email);
    expect(new URL(page.url()).pathname).toBe('/admin/');
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
  });

  it('shows field errors from the shared schema next to the fields', async () => {
    const page = await desk.newPage();
    await page.goto('/admin/sign-in');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const email = page.getByLabel('Email');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText(/email/i).count()).toBeGreaterThan(1);
  });
});

describe('sign out', () => {
  it('lands on the sign-in screen, and the old session no longer works anywhere', async () => {
    const page = await desk.signedInPage(desk.desk.agents[1]!.email);
    const cookies = await page.context().cookies();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/sign-in/);
    // A mistyped password right after is a refusal, not "your session ended".
    await page.getByLabel('Email').fill(desk.desk.agents[1]!.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/invalid|incorrect|wrong/i);
    expect(page.url()).not.toContain('ended');
    expect(await page.getByText('Your session ended').count()).toBe(0);
    await page.goto('/admin/');
    await page.waitForURL(/\/admin\/sign-in/);

    // Even a copy of the cookie taken before signing out is refused.
    const copy = await desk.newPage();
    await copy.context().addCookies(cookies);
    await copy.goto('/admin/');
    await copy.waitForURL(/\/admin\/sign-in/);
    expect(await copy.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
  });

  it('tells a customer the dashboard is for the support team', async () => {
    const page = await desk.newPage({ viewport: PHONE });
    await signIn(page, desk.desk.customers[0]!.email);
    await page.getByRole('heading', { level: 1, name: 'This dashboard is for the support team' }).waitFor();
    await expectAccessible(page, 'customer notice');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/sign-in/);
  });
});
