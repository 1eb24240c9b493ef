import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIn, newestMail } from './mail.ts';
import {
  DEMO_PASSWORD,
  type E2eDesk,
  expectAccessible,
  PHONE,
  screenshot,
  signIn,
  startE2eDesk,
} from './support.ts';

let desk: E2eDesk;
beforeAll(async () => {
  desk = await startE2eDesk({ tickets: 20 });
});
afterAll(() => desk?.close());

/** The code an authenticator app shows `steps` periods from now (the server accepts one step of drift). */
function totp(secret: string, steps = 0): string {
  const step = Math.floor(Date.now() / 30_000) + steps;
  return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
}

/** A card of the account screen, found by its heading. */
const section = (page: Page, title: string) =>
  page.locator('section', { has: page.getByRole('heading', { level: 2, name: title, exact: true }) });

async function openAccount(page: Page) {
  await page.goto('/admin/account');
  await page.getByRole('heading', { level: 1, name: 'My account' }).waitFor();
  await page.locator('[data-state="loading"]').first().waitFor({ state: 'detached' });
}

describe('mailed links', () => {
  it('requests a reset, opens the link, sets a new password and signs in with it', async () => {
    const email = desk.desk.agents[2]!.email;
    const page = await desk.newPage();
    await page.goto('/admin/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { level: 1, name: 'Reset your password' }).waitFor();
    await expectAccessible(page, 'forgot-password');
    await screenshot(page, 'forgot-password');

    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(email);

    const link = linkIn(
      desk,
      await newestMail(desk, email, /^Subject: Reset your Helpdesk password/m),
      'reset-password',
    );
    await page.goto(link);
    await page.waitForURL(
      (url) => url.pathname === '/admin/reset-password' && url.hash.startsWith('#token='),
    );
    await page.getByRole('heading', { level: 1, name: 'Choose a new password' }).waitFor();
    await expectAccessible(page, 'reset-password');
    await screenshot(page, 'reset-password');

    const newPassword = 'a brand new passphrase';
    await page.getByLabel('New password', { exact: true }).fill(newPassword);
    await page.getByLabel('Repeat new password').fill('something else');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => page.getByText('The two passwords are not the same').isVisible()).toBe(true);

    await page.getByLabel('Repeat new password').fill(newPassword);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await page.waitForURL(/\/admin\/sign-in/);
    await expect.poll(() => page.getByRole('status').first().textContent()).toMatch(/password was changed/i);

    // The link worked once; the old password no longer does; the new one does.
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill('yet another passphrase');
    await page.getByLabel('Repeat new password').fill('yet another passphrase');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/invalid or has expired/);

    await page.goto('/admin/sign-in');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/invalid|incorrect|wrong/i);
    await signIn(page, email, newPassword);
    expect(new URL(page.url()).pathname).toBe('/admin/');
  });

  it('accepts an invitation: a password of my own, then sign-in with the address filled in', async () => {
    const admin = await desk.signedInPage(desk.desk.admin.email);
    const email = 'new.agent@example.com';
    // The invitation itself is the agents screen's business; the API call stands in for it here.
    const status = await admin.evaluate(
      async (input) =>
        (
          await fetch('/trpc/users.invite', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(input),
          })
        ).status,
      { email, name: 'New Agent', role: 'agent' },
    );
    expect(status).toBe(200);

    const page = await desk.newPage({ viewport: PHONE });
    await page.goto(
      linkIn(desk, await newestMail(desk, email, /^Subject: You are invited/m), 'accept-invite'),
    );
    await page.getByRole('heading', { level: 1, name: 'Accept your invitation' }).waitFor();
    await expectAccessible(page, 'accept-invite');
    await page.getByLabel('Password', { exact: true }).fill('password');
    await page.getByLabel('Repeat password').fill('password');
    await page.getByRole('button', { name: 'Set password' }).click();
    await expect.poll(() => page.getByText(/most common ones/).isVisible()).toBe(true);

    await page.getByLabel('Password', { exact: true }).fill('my own passphrase');
    await page.getByLabel('Repeat password').fill('my own passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(/\/admin\/sign-in/);
    expect(await page.getByLabel('Email').inputValue()).toBe(email);
    await page.getByLabel('Password').fill('my own passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/');
  });

  it('says so when a mailed link cannot be used', async () => {
    const page = await desk.newPage();
    await page.goto(`/admin/verify-email#token=${'a'.repeat(40)}`);
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/invalid or has expired/);
    await expectAccessible(page, 'verify-email (invalid)');
    await page.goto('/admin/accept-invite');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/link is incomplete/);
    await expectAccessible(page, 'accept-invite (no token)');
  });
});

describe('two-factor sign-in', () => {
  it('sets up with the QR code or key, shows recovery codes once, then asks for a code at sign-in', async () => {
    const email = desk.desk.agents[3]!.email;
    const page = await desk.signedInPage(email);
    await openAccount(page);
    const card = section(page, 'Two-factor sign-in');
    await card.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await card.getByRole('img', { name: /QR code/ }).waitFor();
    await expectAccessible(page, 'two-factor setup');
    await screenshot(page, 'two-factor-setup');

    const secret = (await card.locator('dt:has-text("Setup key") + dd code').textContent())!.replace(
      /\s/g,
      '',
    );
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await card.getByLabel('Code from your authenticator app').fill('123');
    await card.getByRole('button', { name: 'Turn on' }).click();
    await expect.poll(() => card.getByText('Enter the 6 digits your app shows').isVisible()).toBe(true);

    await card.getByLabel('Code from your authenticator app').fill(totp(secret));
    await card.getByRole('button', { name: 'Turn on' }).click();
    await card.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    const codes = await card.locator('ol li').allTextContents();
    expect(codes).toHaveLength(10);
    expect(await card.getByRole('link', { name: 'Download as a text file' }).getAttribute('download')).toBe(
      'helpdesk-recovery-codes.txt',
    );
    await expectAccessible(page, 'two-factor recovery codes');
    await card.getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => card.locator('ol li').count()).toBe(0);
    await expect.poll(() => card.getByText('10 unused recovery codes').isVisible()).toBe(true);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/sign-in/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Two-factor sign-in' }).waitFor();
    await expectAccessible(page, 'two-factor sign-in');
    // The code used to turn it on is spent: the app's next code (within the drift window) is not.
    await page.getByLabel('Code from your authenticator app').fill(totp(secret, 1));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/');
    await openAccount(page);
    await expect.poll(() => card.getByText('10 unused recovery codes').isVisible()).toBe(true);

    await card.getByRole('button', { name: 'Make new recovery codes' }).click();
    const regenerate = page.getByRole('dialog', { name: 'Make new recovery codes' });
    await regenerate.getByLabel('Code from your authenticator app').fill('000000');
    await regenerate.getByRole('button', { name: 'Make new codes' }).click();
    await expect.poll(() => regenerate.getByText(/Wrong or already used code/).isVisible()).toBe(true);
    await expectAccessible(page, 'new recovery codes dialog');
    await regenerate.getByRole('button', { name: 'Cancel' }).click();

    // Turning it off takes both factors; a recovery code stands in for the phone.
    await card.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    const disable = page.getByRole('dialog', { name: 'Turn off two-factor sign-in?' });
    await disable.getByLabel('Password').fill(DEMO_PASSWORD);
    await disable.getByRole('button', { name: 'Use a recovery code' }).click();
    await disable.getByLabel('Recovery code').fill(codes[0]!);
    await expectAccessible(page, 'turn off two-factor dialog');
    await disable.getByRole('button', { name: 'Turn off' }).click();
    await expect
      .poll(() => card.getByRole('status').first().textContent())
      .toBe('Two-factor sign-in is off.');
    await card.getByRole('button', { name: 'Set up two-factor sign-in' }).waitFor();
  });
});

describe('sessions', () => {
  it('lists this session, and revoking another ends it on its next navigation', async () => {
    const agent = desk.desk.agents[1]!;
    const page = await desk.signedInPage(agent.email);
    const other = await desk.signedInPage(agent.email);
    await openAccount(page);
    const list = page.getByRole('list', { name: 'Sessions' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(2);
    const current = list.getByRole('listitem').filter({ hasText: 'This device' });
    expect(await current.count()).toBe(1);
    expect(await current.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    expect(await list.textContent()).toMatch(/127\.0\.0\.1/);

    await list.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
    await expect.poll(() => page.getByText('That session is signed out.').isVisible()).toBe(true);

    // Its next request finds the session gone. That may already have been a background refetch,
    // which sends the page to sign-in by itself; otherwise moving to another screen does.
    if (!new URL(other.url()).pathname.endsWith('/sign-in')) {
      await other
        .getByRole('navigation', { name: 'Main' })
        .getByRole('link', { name: 'Queue' })
        .click({ timeout: 5_000 })
        .catch(() => {});
    }
    await other.waitForURL(/\/admin\/sign-in/);
    expect(await other.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
  });

  it('signs out all other sessions after a confirmation', async () => {
    const agent = desk.desk.agents[1]!;
    const page = await desk.signedInPage(agent.email);
    const others = [await desk.signedInPage(agent.email), await desk.signedInPage(agent.email)];
    await openAccount(page);
    const list = page.getByRole('list', { name: 'Sessions' });
    // The earlier test's first profile is still signed in too.
    await expect.poll(() => list.getByRole('listitem').count()).toBe(4);
    await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign out all other sessions?' });
    await expectAccessible(page, 'sign out others dialog');
    await dialog.getByRole('button', { name: 'Sign out others' }).click();
    await expect.poll(() => page.getByText('3 other sessions were signed out.').isVisible()).toBe(true);
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
    for (const other of others) {
      await other.reload();
      await other.waitForURL(/\/admin\/sign-in/);
    }
  });
});

describe('API tokens', () => {
  it('creates a token shown once, lists it and revokes it', async () => {
    const page = await desk.signedInPage(desk.desk.agents[0]!.email);
    await openAccount(page);
    const card = section(page, 'API tokens');
    await card.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => card.getByText('Required').isVisible()).toBe(true);
    // Agents are not offered the admin scope.
    expect(await card.getByRole('checkbox').count()).toBe(2);

    await card.getByLabel('Token name').fill('Nightly export');
    await card.getByRole('checkbox', { name: /^write/ }).check();
    await card.getByLabel('Expires after').selectOption('30');
    await card.getByRole('button', { name: 'Create token' }).click();
    await card.getByRole('heading', { name: 'Your new token “Nightly export”' }).waitFor();
    const token = (await card.locator('code', { hasText: /^hd_/ }).textContent()) ?? '';
    expect(token).toMatch(/^hd_[a-z0-9]+_[a-z0-9]+$/);
    const me = async () =>
      (await fetch(`${desk.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } })).text();
    expect(await me()).toContain(desk.desk.agents[0]!.email);

    await card.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => page.getByText(token).count()).toBe(0);
    const table = card.getByRole('table', { name: 'API tokens' });
    const row = table.getByRole('row').filter({ hasText: 'Nightly export' });
    await expect.poll(() => row.textContent()).toMatch(/read, write.*Active/);
    await page.reload();
    await row.waitFor();
    expect(await page.getByText(token).count()).toBe(0);

    await row.getByRole('button', { name: 'Revoke' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke “Nightly export”?' });
    await expectAccessible(page, 'revoke token dialog');
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await expect.poll(() => row.textContent()).toMatch(/Revoked/);
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    expect(await me()).not.toContain(desk.desk.agents[0]!.email);
  });
});

describe('my account', () => {
  it('shows the server field error for a wrong current password; desktop and phone', async () => {
    const page = await desk.signedInPage(desk.desk.agents[0]!.email);
    await openAccount(page);
    await expectAccessible(page, 'account');
    await screenshot(page, 'account');

    const card = section(page, 'Password');
    await card.getByLabel('Current password').fill('not my password');
    await card.getByLabel('New password', { exact: true }).fill('short');
    await card.getByLabel('Repeat new password').fill('short');
    await card.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => card.getByText('At least 8 characters', { exact: true }).isVisible()).toBe(true);

    await card.getByLabel('New password', { exact: true }).fill('a sound new passphrase');
    await card.getByLabel('Repeat new password').fill('a sound new passphrase');
    await card.getByRole('button', { name: 'Change password' }).click();
    const current = card.getByLabel('Current password');
    await expect.poll(() => current.getAttribute('aria-invalid')).toBe('true');
    expect(await card.getByText(/current password is not right/).isVisible()).toBe(true);

    const phone = await desk.signedInPage(desk.desk.admin.email, { viewport: PHONE });
    await openAccount(phone);
    await expectAccessible(phone, 'account (phone)');
    // Wider than the screen would mean sideways scrolling of the whole page.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(phone, 'account-phone');
  });

  it('changes my name, refusing an empty one next to the field; the navigation follows', async () => {
    const page = await desk.signedInPage(desk.desk.agents[0]!.email);
    await openAccount(page);
    const card = section(page, 'Profile');
    const name = card.getByLabel('Name', { exact: true });
    await name.fill('   ');
    await card.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    await name.fill('Grace Hopper');
    await card.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => card.getByRole('status').first().textContent()).toContain('Grace Hopper');
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect.poll(() => nav.getByRole('link', { name: /Grace Hopper/ }).isVisible()).toBe(true);
    await page.reload();
    await expect.poll(() => card.getByLabel('Name', { exact: true }).inputValue()).toBe('Grace Hopper');
  });

  it('changes the email address through the mailed confirmation link', async () => {
    const page = await desk.signedInPage(desk.desk.admin.email);
    await openAccount(page);
    const card = section(page, 'Profile');
    const newEmail = 'ada.new@example.com';
    await card.getByLabel('New email address').fill(newEmail);
    await card.getByLabel('Current password').fill(DEMO_PASSWORD);
    await card.getByRole('button', { name: 'Send confirmation link' }).click();
    await expect.poll(() => card.getByRole('status').first().textContent()).toContain(newEmail);

    await page.goto(
      linkIn(desk, await newestMail(desk, newEmail, /^Subject: Confirm your new/m), 'confirm-email'),
    );
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain(`now uses ${newEmail}`);
    await expectAccessible(page, 'confirm-email');
    await signIn(page, newEmail);
    expect(new URL(page.url()).pathname).toBe('/admin/');
  });
});
