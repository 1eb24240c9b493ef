import { type EntityManager, kyselyOf, newId, Organization, User } from '@helpdesk/db';
import type {
  CreateOrganizationInput,
  OrganizationMemberInput,
  UpdateOrganizationInput,
} from '@helpdesk/validators';
import type { Actor } from '../context.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';
import { type OrganizationView, toOrganizationView } from '../mappers/directory.ts';
import { audit } from './audit.ts';
import { assertNameFree } from './teams.ts';

/** How many customers each of these organizations has, in one GROUP BY query (on the organization index). */
async function memberCounts(em: EntityManager, ids: readonly string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await kyselyOf(em)
    .selectFrom('users')
    .select((eb) => ['users.organization_id', eb.fn.countAll<number | string>().as('members')])
    .where('users.organization_id', 'in', [...ids])
    .where('users.role', '=', 'customer')
    .groupBy('users.organization_id')
    .execute();
  return new Map(rows.map((row) => [row.organization_id as string, Number(row.members)]));
}

async function withMemberCounts(em: EntityManager, organizations: readonly Organization[]) {
  const counts = await memberCounts(
    em,
    organizations.map((organization) => organization.id),
  );
  return organizations.map((organization) =>
    toOrganizationView(organization, counts.get(organization.id) ?? 0),
  );
}

async function viewOf(em: EntityManager, organization: Organization): Promise<OrganizationView> {
  const [view] = await withMemberCounts(em, [organization]);
  return view as OrganizationView;
}

/** Every organization by name, with its number of members: two queries. */
export async function listOrganizations(em: EntityManager): Promise<OrganizationView[]> {
  return withMemberCounts(em, await em.find(Organization, {}, { orderBy: { name: 'asc', id: 'asc' } }));
}

async function findOrganization(em: EntityManager, id: string): Promise<Organization> {
  const organization = await em.findOne(Organization, id);
  if (!organization) throw new NotFoundError('Organization');
  return organization;
}

export async function createOrganization(
  em: EntityManager,
  actor: Actor,
  input: CreateOrganizationInput,
  now = new Date(),
): Promise<OrganizationView> {
  return em.transactional(async (tx) => {
    await assertNameFree(tx, Organization, input.name, null);
    const organization = tx.create(Organization, {
      id: newId(),
      name: input.name,
      sharedTickets: input.sharedTickets,
      createdAt: now,
    });
    audit(
      tx,
      actor,
      'organization.created',
      { type: 'organization', id: organization.id },
      { name: organization.name, sharedTickets: organization.sharedTickets },
      now,
    );
    await tx.flush();
    return toOrganizationView(organization, 0);
  });
}

/**
 * Renames an organization or turns ticket sharing on or off (members see the change from their
 * next request). A change to nothing writes nothing.
 */
export async function updateOrganization(
  em: EntityManager,
  actor: Actor,
  input: UpdateOrganizationInput,
  now = new Date(),
): Promise<OrganizationView> {
  return em.transactional(async (tx) => {
    const organization = await findOrganization(tx, input.id);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.name !== undefined && input.name !== organization.name) {
      await assertNameFree(tx, Organization, input.name, organization.id);
      changes.name = { from: organization.name, to: input.name };
      organization.name = input.name;
    }
    if (input.sharedTickets !== undefined && input.sharedTickets !== organization.sharedTickets) {
      changes.sharedTickets = { from: organization.sharedTickets, to: input.sharedTickets };
      organization.sharedTickets = input.sharedTickets;
    }
    if (Object.keys(changes).length) {
      audit(tx, actor, 'organization.updated', { type: 'organization', id: organization.id }, changes, now);
      await tx.flush();
    }
    return viewOf(tx, organization);
  });
}

/**
 * Only customers can be members, of one organization at most: adding someone who belongs to
 * another organization moves them. Adding a member again changes nothing.
 */
export async function addOrganizationMember(
  em: EntityManager,
  actor: Actor,
  input: OrganizationMemberInput,
  now = new Date(),
): Promise<OrganizationView> {
  return em.transactional(async (tx) => {
    const organization = await findOrganization(tx, input.organizationId);
    const customer = await tx.findOne(User, { id: input.userId, role: 'customer' });
    if (!customer) throw new InvalidInputError('userId', 'No customer has this id');
    const previousId = customer.organization?.id ?? null;
    if (previousId !== organization.id) {
      customer.organization = organization;
      audit(
        tx,
        actor,
        'organization.member_added',
        { type: 'organization', id: organization.id },
        { userId: customer.id, previousOrganizationId: previousId },
        now,
      );
      await tx.flush();
    }
    return viewOf(tx, organization);
  });
}

/** Removing someone who is not a member changes nothing. */
export async function removeOrganizationMember(
  em: EntityManager,
  actor: Actor,
  input: OrganizationMemberInput,
  now = new Date(),
): Promise<OrganizationView> {
  return em.transactional(async (tx) => {
    const organization = await findOrganization(tx, input.organizationId);
    const member = await tx.findOne(User, { id: input.userId, organization: organization.id });
    if (member) {
      member.organization = null;
      audit(
        tx,
        actor,
        'organization.member_removed',
        { type: 'organization', id: organization.id },
        { userId: member.id },
        now,
      );
      await tx.flush();
    }
    return viewOf(tx, organization);
  });
}
