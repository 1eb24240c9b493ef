import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { User } from './user.ts';

/** A department. With round-robin on, new tickets for the team go to its members in turn. */
export const TeamSchema = defineEntity({
  name: 'Team',
  tableName: 'teams',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    name: p.string().length(80).unique(),
    roundRobin: p.boolean().default(false),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
});

export class Team extends TeamSchema.class {}
TeamSchema.setClass(Team);

export const TeamMemberSchema = defineEntity({
  name: 'TeamMember',
  tableName: 'team_members',
  properties: {
    team: () => p.manyToOne(Team).primary().deleteRule('cascade'),
    user: () => p.manyToOne(User).primary().deleteRule('cascade').index(),
    /** When round-robin last gave this member a ticket: the least recent is next. */
    lastAssignedAt: p.datetime(3).nullable(),
  },
});

export class TeamMember extends TeamMemberSchema.class {}
TeamMemberSchema.setClass(TeamMember);
