import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';

/** A company whose people are customers; optionally they see each other's tickets. */
export const OrganizationSchema = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    name: p.string().length(120).unique(),
    /** Members may read (and reply to) every ticket of the organization, not only their own. */
    sharedTickets: p.boolean().default(false),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
});

export class Organization extends OrganizationSchema.class {}
OrganizationSchema.setClass(Organization);
