import type { Expectation, Row } from './rows.ts';

const all = (code: Expectation['admin']): Expectation => ({
  anonymous: code,
  customer: code,
  otherCustomer: code,
  agent: code,
  admin: code,
});
const SIGNED_IN: Expectation = { ...all('OK'), anonymous: 'UNAUTHORIZED' };
const STAFF: Expectation = {
  anonymous: 'UNAUTHORIZED',
  customer: 'FORBIDDEN',
  otherCustomer: 'FORBIDDEN',
  agent: 'OK',
  admin: 'OK',
};
const ADMIN: Expectation = { ...STAFF, agent: 'FORBIDDEN' };
const unique = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 10)}`;
const today = new Date().toISOString().slice(0, 10);

/** Rows for the desk's configuration, people and agents' tools. */
export const deskRows: Record<string, Row> = {
  'reports.overview': { expect: STAFF, call: (c) => c.reports.overview({ from: today, to: today }) },

  'categories.list': { expect: SIGNED_IN, call: (c) => c.categories.list() },
  'categories.create': { expect: ADMIN, call: (c) => c.categories.create({ name: unique('Category') }) },
  'categories.update': {
    expect: ADMIN,
    call: async (c, fx) => c.categories.update({ id: await fx.newCategory(), name: unique('Renamed') }),
  },
  'customFields.list': { expect: STAFF, call: (c) => c.customFields.list({}) },
  'customFields.create': {
    expect: ADMIN,
    call: (c) =>
      c.customFields.create({
        key: `k${Math.random().toString(36).slice(2, 10)}`,
        label: 'Field',
        type: 'checkbox',
      }),
  },
  'customFields.update': {
    expect: ADMIN,
    call: (c, fx) => c.customFields.update({ id: fx.customFieldId, label: unique('Label') }),
  },
  'settings.get': { expect: STAFF, call: (c) => c.settings.get() },
  'settings.update': {
    expect: ADMIN,
    call: (c) => c.settings.update({ autoCloseDays: 5 + Math.floor(Math.random() * 10) }),
  },
  'audit.list': { expect: ADMIN, call: (c) => c.audit.list({}) },

  'teams.list': { expect: STAFF, call: (c) => c.teams.list() },
  'teams.mine': { expect: STAFF, call: (c) => c.teams.mine() },
  'teams.create': { expect: ADMIN, call: (c) => c.teams.create({ name: unique('Team') }) },
  'teams.update': {
    expect: ADMIN,
    call: async (c, fx) => c.teams.update({ id: await fx.newTeam(), roundRobin: true }),
  },
  'teams.addMember': {
    expect: ADMIN,
    call: async (c, fx) => c.teams.addMember({ teamId: await fx.newTeam(), userId: fx.users.agent.id }),
  },
  'teams.removeMember': {
    expect: ADMIN,
    call: (c, fx) => c.teams.removeMember({ teamId: fx.teamId, userId: fx.users.agent.id }),
  },
  'organizations.list': { expect: STAFF, call: (c) => c.organizations.list() },
  'organizations.create': { expect: ADMIN, call: (c) => c.organizations.create({ name: unique('Org') }) },
  'organizations.update': {
    expect: ADMIN,
    call: async (c, fx) => c.organizations.update({ id: await fx.newOrganization(), sharedTickets: true }),
  },
  'organizations.addMember': {
    expect: ADMIN,
    call: async (c, fx) =>
      c.organizations.addMember({
        organizationId: await fx.newOrganization(),
        userId: (await fx.newUser('customer')).id,
      }),
  },
  'organizations.removeMember': {
    expect: ADMIN,
    call: (c, fx) =>
      c.organizations.removeMember({ organizationId: fx.organizationId, userId: fx.users.otherCustomer.id }),
  },
  'customers.list': { expect: STAFF, call: (c) => c.customers.list({}) },
  'customers.get': { expect: STAFF, call: (c, fx) => c.customers.get({ id: fx.users.customer.id }) },

  'users.agents': { expect: STAFF, call: (c) => c.users.agents() },
  'users.list': { expect: ADMIN, call: (c) => c.users.list({}) },
  'users.invite': {
    expect: ADMIN,
    call: (c) =>
      c.users.invite({
        email: `${Math.random().toString(36).slice(2, 10)}@example.test`,
        name: 'Invited',
        role: 'agent',
      }),
  },
  'users.changeRole': {
    expect: ADMIN,
    call: async (c, fx) => c.users.changeRole({ userId: (await fx.newUser('customer')).id, role: 'agent' }),
  },
  'users.setActive': {
    expect: ADMIN,
    call: async (c, fx) => c.users.setActive({ userId: (await fx.newUser('customer')).id, active: false }),
  },
  'users.delete': {
    expect: ADMIN,
    call: async (c, fx) => c.users.delete({ userId: (await fx.newUser('customer')).id }),
  },

  'cannedResponses.list': { expect: STAFF, call: (c) => c.cannedResponses.list() },
  'cannedResponses.create': {
    expect: STAFF,
    call: (c) => c.cannedResponses.create({ title: unique('Reply'), body: 'Hello' }),
  },
  'cannedResponses.update': {
    expect: STAFF,
    call: async (c, fx, role) =>
      c.cannedResponses.update({
        id: await fx.newCannedResponse(fx.users[role === 'admin' ? 'admin' : 'agent'].id),
        title: unique('T'),
      }),
  },
  'cannedResponses.delete': {
    expect: STAFF,
    call: async (c, fx, role) =>
      c.cannedResponses.delete({
        id: await fx.newCannedResponse(fx.users[role === 'admin' ? 'admin' : 'agent'].id),
      }),
  },
  'cannedResponses.preview': {
    expect: { ...STAFF, admin: 'NOT_FOUND' },
    call: (c, fx) => c.cannedResponses.preview({ id: fx.cannedResponseId, ticketId: fx.ticketId }),
  },
  'cannedResponses.applyToTicket': {
    expect: STAFF,
    call: async (c, fx, role) =>
      c.cannedResponses.applyToTicket({
        id: await fx.newCannedResponse(fx.users[role === 'admin' ? 'admin' : 'agent'].id),
        ticketId: (await fx.newTicket()).id,
      }),
  },

  'views.list': { expect: STAFF, call: (c) => c.views.list() },
  'views.counts': { expect: STAFF, call: (c) => c.views.counts() },
  'views.create': {
    expect: STAFF,
    call: (c) => c.views.create({ name: unique('View'), filters: { status: 'open' } }),
  },
  'views.update': {
    expect: STAFF,
    call: async (c, fx, role) =>
      c.views.update({
        id: await fx.newView(fx.users[role === 'admin' ? 'admin' : 'agent'].id),
        name: unique('V'),
      }),
  },
  'views.delete': {
    expect: STAFF,
    call: async (c, fx, role) =>
      c.views.delete({ id: await fx.newView(fx.users[role === 'admin' ? 'admin' : 'agent'].id) }),
  },

  'live.events': {
    expect: STAFF,
    // Opening the stream is what authorization guards; the test closes it at once.
    call: async (c) => {
      const stream = await c.live.events();
      await stream[Symbol.asyncIterator]().return?.(undefined);
      return null;
    },
  },
  'notifications.list': { expect: SIGNED_IN, call: (c) => c.notifications.list({}) },
  'notifications.unreadCount': { expect: SIGNED_IN, call: (c) => c.notifications.unreadCount() },
  'notifications.markRead': {
    expect: SIGNED_IN,
    call: (c, fx) => c.notifications.markRead({ ids: [fx.notificationId] }),
  },
  'notifications.markAllRead': { expect: SIGNED_IN, call: (c) => c.notifications.markAllRead() },
};
