import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { wrongCode } from '../support/two-factor.ts';
import type { Row } from './rows.ts';

type Code = Row['expect']['customer'];
const signedIn = (code: Code): Row['expect'] => ({
  anonymous: 'UNAUTHORIZED',
  customer: code,
  otherCustomer: code,
  agent: code,
  admin: code,
});
const UNKNOWN_CHALLENGE = 'a'.repeat(24);

/** Two-factor sign-in and personal API tokens: everyone manages only their own. */
export const securityRows: Record<string, Row> = {
  'twoFactor.status': { expect: signedIn('OK'), call: (c) => c.twoFactor.status() },
  // Set-up only leaves a pending secret: nobody's sign-in changes.
  'twoFactor.setup': { expect: signedIn('OK'), call: (c) => c.twoFactor.setup() },
  'twoFactor.enable': {
    expect: signedIn('BAD_REQUEST'),
    call: async (c, fx, role) => {
      // A code one off from the right one, for the pending secret set up just before.
      const secret = role === 'anonymous' ? 'AAAAAAAA' : (await c.twoFactor.setup()).secret;
      const step = BigInt(Math.floor(fx.api.clock.now.getTime() / 30_000));
      return c.twoFactor.enable({
        code: wrongCode(generateHOTP(decodeBase32IgnorePadding(secret), step, 6)),
      });
    },
  },
  'twoFactor.disable': {
    expect: signedIn('CONFLICT'),
    call: (c) => c.twoFactor.disable({ password: 'not the password', code: '123456' }),
  },
  'twoFactor.regenerateRecoveryCodes': {
    expect: signedIn('CONFLICT'),
    call: (c) => c.twoFactor.regenerateRecoveryCodes({ code: '123456' }),
  },
  'twoFactor.completeSignIn': {
    expect: signedIn('UNAUTHORIZED'),
    call: (c) => c.twoFactor.completeSignIn({ challenge: UNKNOWN_CHALLENGE, code: '123456' }),
  },
  'apiTokens.create': {
    expect: signedIn('OK'),
    call: (c) => c.apiTokens.create({ name: 'Matrix', scopes: ['read'] }),
  },
  'apiTokens.list': { expect: signedIn('OK'), call: (c) => c.apiTokens.list() },
  'apiTokens.revoke': {
    expect: { ...signedIn('NOT_FOUND'), customer: 'OK' },
    call: async (c, fx) => {
      const { apiToken } = await fx.callers.customer.apiTokens.create({ name: 'Matrix', scopes: ['read'] });
      return c.apiTokens.revoke({ id: apiToken.id });
    },
  },
};
