import type { Organization, Team, User } from '@helpdesk/db';
import type { Role, TicketStatus } from '@helpdesk/validators';
import type { NamedRef, TicketSummary } from './tickets.ts';
import { type PersonRef, toPersonRef } from './users.ts';

/** Outputs of the directory, built field by field like every other output. */
export interface TeamView {
  id: string;
  name: string;
  roundRobin: boolean;
  members: PersonRef[];
}

export interface OrganizationView {
  id: string;
  name: string;
  sharedTickets: boolean;
  memberCount: number;
}

export interface CustomerSummary {
  id: string;
  name: string;
  email: string;
  organization: NamedRef | null;
  ticketCount: number;
}

export interface CustomerProfile {
  id: string;
  name: string;
  email: string;
  active: boolean;
  createdAt: string;
  organization: NamedRef | null;
  /** Every status, zero included. */
  ticketCounts: Record<TicketStatus, number>;
  /** The last 20 by activity. */
  recentTickets: TicketSummary[];
}

/** Someone tickets can be assigned to. */
export interface AgentView {
  id: string;
  name: string;
  email: string;
  role: Role;
  teams: NamedRef[];
}

const named = (value: { id: string; name: string }): NamedRef => ({ id: value.id, name: value.name });

export function toTeamView(team: Team, members: readonly User[]): TeamView {
  return { id: team.id, name: team.name, roundRobin: team.roundRobin, members: members.map(toPersonRef) };
}

export function toOrganizationView(organization: Organization, memberCount: number): OrganizationView {
  return {
    id: organization.id,
    name: organization.name,
    sharedTickets: organization.sharedTickets,
    memberCount,
  };
}

/** Needs `organization` loaded. */
export function toCustomerSummary(user: User, ticketCount: number): CustomerSummary {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    organization: user.organization ? named(user.organization) : null,
    ticketCount,
  };
}

/** Needs `organization` loaded. */
export function toCustomerProfile(
  user: User,
  ticketCounts: Record<TicketStatus, number>,
  recentTickets: TicketSummary[],
): CustomerProfile {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    active: user.active,
    createdAt: user.createdAt.toISOString(),
    organization: user.organization ? named(user.organization) : null,
    ticketCounts,
    recentTickets,
  };
}

export function toAgentView(user: User, teams: readonly Team[]): AgentView {
  return { id: user.id, name: user.name, email: user.email, role: user.role, teams: teams.map(named) };
}
