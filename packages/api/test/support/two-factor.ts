import { Session } from '@helpdesk/db';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { makeUser, type TestApi, type TestUser } from '../../src/testing.ts';

const STEP_MS = 30_000;

type Role = 'customer' | 'agent' | 'admin';

/** A code that is certainly not the one expected. */
export const wrongCode = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

/**
 * Two-factor helpers over the test API `api()` answers (created later, in `beforeAll`), whose
 * clock they move. Codes are computed apart from the API's own code, with @oslojs/otp's HOTP
 * generator at `api.clock.now`.
 */
export function twoFactorKit(api: () => TestApi) {
  let people = 0;

  const moveClock = (ms: number) => api().tick(ms);

  /** Moves the clock to the middle of a time step, so moving by whole steps never hits a boundary. */
  function alignClock() {
    const now = api().clock.now.getTime();
    moveClock(Math.floor(now / STEP_MS) * STEP_MS + STEP_MS / 2 - now);
  }

  /** The code an authenticator app shows at `api.clock.now`, `offset` steps away. */
  function codeFor(secret: string, offset = 0): string {
    const step = Math.floor(api().clock.now.getTime() / STEP_MS) + offset;
    return generateHOTP(decodeBase32IgnorePadding(secret), BigInt(step), 6);
  }

  const nextStep = (steps = 1) => moveClock(steps * STEP_MS);

  /** A fresh user per test: each has its own attempt counters. */
  function freshUser(role: Role = 'customer'): Promise<TestUser> {
    people += 1;
    return makeUser(api().em(), role, `Two Factor ${role} ${people}`);
  }

  /** A fresh user with two-factor sign-in on; the clock is one step past the enabling code. */
  async function withTwoFactor(role: Role = 'customer') {
    const user = await freshUser(role);
    const caller = await api().as(user);
    const { secret } = await caller.twoFactor.setup();
    const { recoveryCodes } = await caller.twoFactor.enable({ code: codeFor(secret) });
    nextStep();
    return { user, caller, secret, recoveryCodes };
  }

  /** Signs in with the password; answers the challenge (fails when none is asked for). */
  async function signIn(user: TestUser): Promise<string> {
    const result = await (await api().as(null)).auth.signIn({ email: user.email, password: user.password });
    if (!result.twoFactorRequired) throw new Error('expected a two-factor challenge');
    return result.challenge;
  }

  const sessionsOf = (user: TestUser) => api().em().count(Session, { user: user.id });

  return { alignClock, codeFor, nextStep, freshUser, withTwoFactor, signIn, sessionsOf };
}
