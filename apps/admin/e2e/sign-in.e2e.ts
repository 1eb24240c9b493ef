import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eDesk, expectAccessible, screenshot, signIn, startE2eDesk } from './support.ts';

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
