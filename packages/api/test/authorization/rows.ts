import type { Caller } from '../../src/testing.ts';
import type { Fixture, RoleName } from './fixture.ts';

type Code = 'OK' | 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT';
export type Expectation = Record<RoleName, Code>;

export interface Row {
  expect: Expectation;
  /** Calls the procedure as `caller`; may first make fresh targets through the fixture. */
  call(caller: Caller, fx: Fixture, role: RoleName): Promise<unknown>;
}

const all = (code: Code): Expectation => ({
  anonymous: code,
  customer: code,
  otherCustomer: code,
  agent: code,
  admin: code,
});
/** Anyone at all. */
const PUBLIC = all('OK');
/** Any signed-in user. */
const SIGNED_IN: Expectation = { ...all('OK'), anonymous: 'UNAUTHORIZED' };
/** Agents and admins. */
const STAFF: Expectation = {
  anonymous: 'UNAUTHORIZED',
  customer: 'FORBIDDEN',
  otherCustomer: 'FORBIDDEN',
  agent: 'OK',
  admin: 'OK',
};
/** `customer`'s ticket: someone else's ticket does not exist for `otherCustomer`. */
const OWN_TICKET: Expectation = { ...SIGNED_IN, otherCustomer: 'NOT_FOUND' };
const with_ = (base: Expectation, changes: Partial<Expectation>): Expectation => ({ ...base, ...changes });

/** A second session of the same role (anonymous stays anonymous). */
async function throwaway(caller: Caller, fx: Fixture, role: RoleName): Promise<Caller> {
  return role === 'anonymous' ? caller : fx.api.as(fx.users[role]);
}

const BAD_TOKEN = 'a'.repeat(48);

/** Every procedure of the router must have a row here; a new procedure without one fails the suite. */
export const rows: Record<string, Row> = {
  // Signing in or up ends the caller's current session (a fresh token every time), so these run
  // on a throw-away session of the role rather than on the fixture's.
  'auth.signUp': {
    expect: PUBLIC,
    call: async (c, fx, role) =>
      (await throwaway(c, fx, role)).auth.signUp({
        email: `m${Math.random()}@example.test`.replace('0.', ''),
        password: 'long enough',
        name: 'M',
      }),
  },
  'auth.signIn': {
    expect: PUBLIC,
    call: async (c, fx, role) =>
      (await throwaway(c, fx, role)).auth.signIn({
        email: fx.users.agent.email,
        password: fx.users.agent.password,
      }),
  },
  'auth.signOut': {
    expect: SIGNED_IN,
    call: async (c, fx, role) => (await throwaway(c, fx, role)).auth.signOut(),
  },
  'auth.me': { expect: PUBLIC, call: (c) => c.auth.me() },

  'account.requestPasswordReset': {
    expect: PUBLIC,
    call: (c, _fx, role) =>
      c.account.requestPasswordReset({ email: `nobody.${role.toLowerCase()}@example.test` }),
  },
  'account.resetPassword': {
    expect: all('BAD_REQUEST'),
    call: (c) => c.account.resetPassword({ token: BAD_TOKEN, password: 'long enough' }),
  },
  'account.acceptInvite': {
    expect: all('BAD_REQUEST'),
    call: (c) => c.account.acceptInvite({ token: BAD_TOKEN, password: 'long enough' }),
  },
  'account.verifyEmail': {
    expect: all('BAD_REQUEST'),
    call: (c) => c.account.verifyEmail({ token: BAD_TOKEN }),
  },
  'account.resendVerification': { expect: SIGNED_IN, call: (c) => c.account.resendVerification() },
  'account.changePassword': {
    expect: with_(SIGNED_IN, {
      customer: 'BAD_REQUEST',
      otherCustomer: 'BAD_REQUEST',
      agent: 'BAD_REQUEST',
      admin: 'BAD_REQUEST',
    }),
    call: (c) =>
      c.account.changePassword({ currentPassword: 'not the password', newPassword: 'long enough 2' }),
  },
  'account.updateProfile': {
    expect: SIGNED_IN,
    // Each keeps their own name, so no other row sees a change.
    call: (c, fx, role) =>
      c.account.updateProfile({ name: role === 'anonymous' ? 'Nobody' : fx.users[role].name }),
  },
  'account.requestEmailChange': {
    expect: with_(SIGNED_IN, {
      customer: 'BAD_REQUEST',
      otherCustomer: 'BAD_REQUEST',
      agent: 'BAD_REQUEST',
      admin: 'BAD_REQUEST',
    }),
    call: (c) => c.account.requestEmailChange({ password: 'not the password', newEmail: 'new@example.test' }),
  },
  'account.confirmEmailChange': {
    expect: all('BAD_REQUEST'),
    call: (c) => c.account.confirmEmailChange({ token: BAD_TOKEN }),
  },
  'account.sessions': { expect: SIGNED_IN, call: (c) => c.account.sessions() },
  'account.revokeSession': {
    expect: with_(SIGNED_IN, {
      customer: 'NOT_FOUND',
      otherCustomer: 'NOT_FOUND',
      agent: 'NOT_FOUND',
      admin: 'NOT_FOUND',
    }),
    call: (c) => c.account.revokeSession({ id: 'abcdefghijkmnpqrstuvwxyz' }),
  },
  'account.revokeOtherSessions': { expect: SIGNED_IN, call: (c) => c.account.revokeOtherSessions() },

  'tickets.create': {
    expect: with_(SIGNED_IN, { agent: 'BAD_REQUEST', admin: 'BAD_REQUEST' }),
    call: (c) => c.tickets.create({ subject: 'Matrix', body: 'x' }),
  },
  'tickets.list': { expect: SIGNED_IN, call: (c) => c.tickets.list({}) },
  'tickets.get': { expect: OWN_TICKET, call: (c, fx) => c.tickets.get({ id: fx.ticketId }) },
  'tickets.timeline': { expect: OWN_TICKET, call: (c, fx) => c.tickets.timeline({ id: fx.ticketId }) },
  'tickets.reply': {
    expect: OWN_TICKET,
    call: (c, fx) => c.tickets.reply({ ticketId: fx.ticketId, body: 'matrix reply' }),
  },
  'tickets.update': {
    expect: STAFF,
    call: async (c, fx) => {
      const ticket = await fx.newTicket();
      return c.tickets.update({ id: ticket.id, version: ticket.version, priority: 'high' });
    },
  },
  'tickets.take': {
    expect: STAFF,
    call: async (c, fx) => {
      const ticket = await fx.newTicket();
      return c.tickets.take({ id: ticket.id, version: ticket.version });
    },
  },
  'tickets.bulkUpdate': {
    expect: STAFF,
    call: async (c, fx) => c.tickets.bulkUpdate({ ids: [(await fx.newTicket()).id], priority: 'low' }),
  },
  'tickets.merge': {
    expect: STAFF,
    call: async (c, fx) =>
      c.tickets.merge({ sourceId: (await fx.newTicket()).id, targetId: (await fx.newTicket()).id }),
  },
  'tickets.link': {
    expect: STAFF,
    call: async (c, fx) => c.tickets.link({ ticketId: fx.ticketId, relatedId: (await fx.newTicket()).id }),
  },
  'tickets.unlink': {
    expect: STAFF,
    call: async (c, fx) => c.tickets.unlink({ ticketId: fx.ticketId, relatedId: (await fx.newTicket()).id }),
  },
  'tickets.split': {
    expect: STAFF,
    call: async (c, fx) => {
      const ticket = await fx.newTicket();
      const second = await fx.callers.customer.tickets.reply({
        ticketId: ticket.id,
        body: 'second question',
      });
      return c.tickets.split({ messageId: second.message.id });
    },
  },
  'tickets.submitPublic': {
    expect: PUBLIC,
    call: (c) =>
      c.tickets.submitPublic({
        name: 'Walk In',
        email: `walkin${Math.random().toString(36).slice(2, 8)}@example.test`,
        subject: 'Hello',
        body: 'From the form',
        idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}`,
      }),
  },
};
