import { type EntityManager, TeamMember, type User } from '@helpdesk/db';

/**
 * The team member whose turn it is: the active agent who was given a ticket least recently (never
 * first). Their turn is taken in the same transaction, so the next ticket goes to someone else.
 */
export async function nextRoundRobinAgent(
  tx: EntityManager,
  teamId: string,
  now: Date,
): Promise<User | null> {
  const members = await tx.find(
    TeamMember,
    { team: teamId, user: { active: true, role: { $in: ['agent', 'admin'] } } },
    { populate: ['user'], orderBy: { lastAssignedAt: 'asc nulls first', user: { id: 'asc' } } },
  );
  const next = members[0];
  if (!next) return null;
  next.lastAssignedAt = now;
  return next.user;
}
