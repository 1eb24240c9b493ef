import { type EntityManager, newId, type Organization, raw, Team, TeamMember, User } from '@helpdesk/db';
import type { CreateTeamInput, TeamMemberInput, UpdateTeamInput } from '@helpdesk/validators';
import type { Actor } from '../context.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { type AgentView, type TeamView, toAgentView, toTeamView } from '../mappers/directory.ts';
import { audit } from './audit.ts';
import { findAgent } from './tickets/shared.ts';

/**
 * Refuses a name another team (or organization) already has, ignoring case: MySQL's collation
 * ignores case in the unique index while SQLite's does not, so the rule is checked here to behave
 * the same on both. The unique index still settles races (CONFLICT either way).
 */
export async function assertNameFree(
  em: EntityManager,
  entity: typeof Team | typeof Organization,
  name: string,
  exceptId: string | null,
): Promise<void> {
  const where = {
    [raw((alias: string) => `lower(${alias}.name)`)]: name.toLowerCase(),
    ...(exceptId ? { id: { $ne: exceptId } } : {}),
  };
  if (await em.count(entity as typeof Team, where as never)) {
    const what = entity === Team ? 'team' : 'organization';
    throw new ConflictError(`A ${what} with this name already exists`);
  }
}

/** The members of these teams, by team id, read in one query; by name. */
async function membersOf(em: EntityManager, teamIds: readonly string[]): Promise<Map<string, User[]>> {
  const byTeam = new Map<string, User[]>();
  if (!teamIds.length) return byTeam;
  const memberships = await em.find(
    TeamMember,
    { team: { $in: [...teamIds] } },
    { populate: ['user'], orderBy: { user: { name: 'asc', id: 'asc' } } },
  );
  for (const { team, user } of memberships) byTeam.set(team.id, [...(byTeam.get(team.id) ?? []), user]);
  return byTeam;
}

async function withMembers(em: EntityManager, teams: readonly Team[]): Promise<TeamView[]> {
  const members = await membersOf(
    em,
    teams.map((team) => team.id),
  );
  return teams.map((team) => toTeamView(team, members.get(team.id) ?? []));
}

/** Every team with its members, by name: two queries however many teams and members there are. */
export async function listTeams(em: EntityManager): Promise<TeamView[]> {
  return withMembers(em, await em.find(Team, {}, { orderBy: { name: 'asc', id: 'asc' } }));
}

/** The teams the actor belongs to, with their members. */
export async function myTeams(em: EntityManager, actor: Actor): Promise<TeamView[]> {
  const memberships = await em.find(TeamMember, { user: actor.id }, { fields: ['team'] });
  if (!memberships.length) return [];
  const teams = await em.find(
    Team,
    { id: { $in: memberships.map((membership) => membership.team.id) } },
    { orderBy: { name: 'asc', id: 'asc' } },
  );
  return withMembers(em, teams);
}

async function findTeam(em: EntityManager, id: string): Promise<Team> {
  const team = await em.findOne(Team, id);
  if (!team) throw new NotFoundError('Team');
  return team;
}

export async function createTeam(
  em: EntityManager,
  actor: Actor,
  input: CreateTeamInput,
  now = new Date(),
): Promise<TeamView> {
  return em.transactional(async (tx) => {
    await assertNameFree(tx, Team, input.name, null);
    const team = tx.create(Team, {
      id: newId(),
      name: input.name,
      roundRobin: input.roundRobin,
      createdAt: now,
    });
    audit(
      tx,
      actor,
      'team.created',
      { type: 'team', id: team.id },
      { name: team.name, roundRobin: team.roundRobin },
      now,
    );
    await tx.flush();
    return toTeamView(team, []);
  });
}

/** Renames a team or turns round-robin on or off; a change to nothing writes nothing. */
export async function updateTeam(
  em: EntityManager,
  actor: Actor,
  input: UpdateTeamInput,
  now = new Date(),
): Promise<TeamView> {
  return em.transactional(async (tx) => {
    const team = await findTeam(tx, input.id);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.name !== undefined && input.name !== team.name) {
      await assertNameFree(tx, Team, input.name, team.id);
      changes.name = { from: team.name, to: input.name };
      team.name = input.name;
    }
    if (input.roundRobin !== undefined && input.roundRobin !== team.roundRobin) {
      changes.roundRobin = { from: team.roundRobin, to: input.roundRobin };
      team.roundRobin = input.roundRobin;
    }
    if (Object.keys(changes).length) {
      audit(tx, actor, 'team.updated', { type: 'team', id: team.id }, changes, now);
      await tx.flush();
    }
    const [view] = await withMembers(tx, [team]);
    return view as TeamView;
  });
}

/** Only active agents and admins can be members; adding someone twice changes nothing. */
export async function addTeamMember(
  em: EntityManager,
  actor: Actor,
  input: TeamMemberInput,
  now = new Date(),
): Promise<TeamView> {
  return em.transactional(async (tx) => {
    const team = await findTeam(tx, input.teamId);
    const agent = await findAgent(tx, input.userId, 'userId');
    if (!(await tx.count(TeamMember, { team: team.id, user: agent.id }))) {
      tx.create(TeamMember, { team, user: agent, lastAssignedAt: null });
      audit(tx, actor, 'team.member_added', { type: 'team', id: team.id }, { userId: agent.id }, now);
      await tx.flush();
    }
    const [view] = await withMembers(tx, [team]);
    return view as TeamView;
  });
}

/** Removing someone who is not a member changes nothing. */
export async function removeTeamMember(
  em: EntityManager,
  actor: Actor,
  input: TeamMemberInput,
  now = new Date(),
): Promise<TeamView> {
  return em.transactional(async (tx) => {
    const team = await findTeam(tx, input.teamId);
    const membership = await tx.findOne(TeamMember, { team: team.id, user: input.userId });
    if (membership) {
      tx.remove(membership);
      audit(tx, actor, 'team.member_removed', { type: 'team', id: team.id }, { userId: input.userId }, now);
      await tx.flush();
    }
    const [view] = await withMembers(tx, [team]);
    return view as TeamView;
  });
}

/** Active agents and admins with their teams, by name, for assignment pickers: two queries. */
export async function listAgents(em: EntityManager): Promise<AgentView[]> {
  const agents = await em.find(
    User,
    { role: { $in: ['agent', 'admin'] }, active: true },
    { orderBy: { name: 'asc', id: 'asc' } },
  );
  if (!agents.length) return [];
  const memberships = await em.find(
    TeamMember,
    { user: { $in: agents.map((agent) => agent.id) } },
    { populate: ['team'], orderBy: { team: { name: 'asc', id: 'asc' } } },
  );
  const teamsByAgent = new Map<string, Team[]>();
  for (const { user, team } of memberships)
    teamsByAgent.set(user.id, [...(teamsByAgent.get(user.id) ?? []), team]);
  return agents.map((agent) => toAgentView(agent, teamsByAgent.get(agent.id) ?? []));
}
