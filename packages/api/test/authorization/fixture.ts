import { CannedResponse, Category, CustomField, Organization, SavedView, Team, User } from '@helpdesk/db';
import { type Caller, makeUser, type TestApi, type TestUser } from '../../src/testing.ts';

export const ROLES = ['anonymous', 'customer', 'otherCustomer', 'agent', 'admin'] as const;

/** In an internal note, a tag and a team name on the customer's ticket: never in a customer's answer. */
export const INTERNAL_MARKER = 'zqxinternal';
export type RoleName = (typeof ROLES)[number];

/**
 * What every row of the matrix may use: a ticket of `customer` (with a reply and an internal note),
 * configuration owned by the agent, and factories for fresh targets so that one role's call never
 * spoils the next one's.
 */
export interface Fixture {
  api: TestApi;
  callers: Record<RoleName, Caller>;
  users: TestApi['users'];
  ticketId: string;
  publicMessageId: string;
  categoryId: string;
  teamId: string;
  organizationId: string;
  cannedResponseId: string;
  viewId: string;
  customFieldId: string;
  notificationId: string;
  /** A new ticket of `customer`, with its current version. */
  newTicket(subject?: string): Promise<{ id: string; version: number; messageId: string }>;
  newUser(role: 'customer' | 'agent' | 'admin'): Promise<TestUser>;
  newCategory(): Promise<string>;
  newTeam(): Promise<string>;
  newOrganization(): Promise<string>;
  newCannedResponse(ownerId: string): Promise<string>;
  newView(ownerId: string): Promise<string>;
}

let counter = 0;
const unique = (prefix: string) => `${prefix} ${++counter} ${Math.random().toString(36).slice(2, 8)}`;

export async function buildFixture(api: TestApi): Promise<Fixture> {
  const users = api.users;
  const callers = {
    anonymous: await api.as(null),
    customer: await api.as(users.customer),
    otherCustomer: await api.as(users.otherCustomer),
    agent: await api.as(users.agent),
    admin: await api.as(users.admin),
  };
  const em = () => api.em();
  const create = async <T extends object>(make: (fork: ReturnType<typeof em>) => T) => {
    const fork = em();
    const entity = make(fork);
    await fork.flush();
    return entity as T & { id: string };
  };

  async function newTicket(subject = 'Matrix ticket') {
    const ticket = await callers.customer.tickets.create({ subject, body: 'a question' });
    return {
      id: ticket.id,
      version: (await callers.agent.tickets.get({ id: ticket.id })).version,
      messageId: ticket.messages[0]?.id ?? '',
    };
  }
  const main = await newTicket('The matrix ticket');
  const reply = await callers.agent.tickets.reply({ ticketId: main.id, body: 'public answer' });
  // Agent-only material on the customer's ticket, each carrying a marker no customer may ever read.
  await callers.agent.tickets.reply({
    ticketId: main.id,
    body: `internal note ${INTERNAL_MARKER} @adam.admin`,
    internal: true,
  });
  const markedTeam = await create((fork) => fork.create(Team, { name: `Team ${INTERNAL_MARKER}` }));
  await callers.agent.tickets.update({
    id: main.id,
    version: (await callers.agent.tickets.get({ id: main.id })).version,
    tags: [INTERNAL_MARKER],
    teamId: markedTeam.id,
  });

  const fixture: Fixture = {
    api,
    callers,
    users,
    ticketId: main.id,
    publicMessageId: reply.message.id,
    categoryId: (await create((fork) => fork.create(Category, { name: unique('Category') }))).id,
    teamId: (await create((fork) => fork.create(Team, { name: unique('Team') }))).id,
    organizationId: (await create((fork) => fork.create(Organization, { name: unique('Org') }))).id,
    cannedResponseId: '',
    viewId: '',
    customFieldId: (
      await create((fork) =>
        fork.create(CustomField, { key: `f${counter}`, label: 'Field', type: 'text', options: [] }),
      )
    ).id,
    notificationId: '',
    newTicket,
    newUser: (role) => makeUser(em(), role, unique(role)),
    newCategory: async () => (await create((fork) => fork.create(Category, { name: unique('Category') }))).id,
    newTeam: async () => (await create((fork) => fork.create(Team, { name: unique('Team') }))).id,
    newOrganization: async () =>
      (await create((fork) => fork.create(Organization, { name: unique('Org') }))).id,
    newCannedResponse: async (ownerId) =>
      (
        await create((fork) =>
          fork.create(CannedResponse, {
            title: unique('Reply'),
            body: 'Hi {{requester.name}}',
            addTags: [],
            owner: fork.getReference(User, ownerId),
          }),
        )
      ).id,
    newView: async (ownerId) =>
      (
        await create((fork) =>
          fork.create(SavedView, {
            name: unique('View'),
            filters: {},
            owner: fork.getReference(User, ownerId),
          }),
        )
      ).id,
  };
  fixture.cannedResponseId = await fixture.newCannedResponse(users.agent.id);
  fixture.viewId = await fixture.newView(users.agent.id);
  // The note above mentioned the admin: a notification of theirs.
  fixture.notificationId = (await callers.admin.notifications.list({})).items[0]?.id ?? '';
  return fixture;
}
