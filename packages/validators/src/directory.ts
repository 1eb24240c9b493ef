/** Inputs of the directory: teams, organizations, customer profiles and the agent list. */
import { z } from 'zod';
import { idSchema, lineSchema, pageLimitSchema } from './common.ts';

/** Refuses an update that names nothing but the id. */
const changesSomething = [
  (input: object) => Object.keys(input).some((key) => key !== 'id'),
  { message: 'Nothing to change' },
] as const;

export const teamNameSchema = lineSchema(1, 80);

export const createTeamInput = z.strictObject({
  name: teamNameSchema,
  /** New tickets moved to the team without an assignee go to its members in turn. */
  roundRobin: z.boolean().default(false),
});
export type CreateTeamInput = z.output<typeof createTeamInput>;

export const updateTeamInput = z
  .strictObject({ id: idSchema, name: teamNameSchema.optional(), roundRobin: z.boolean().optional() })
  .refine(...changesSomething);
export type UpdateTeamInput = z.output<typeof updateTeamInput>;

export const teamMemberInput = z.strictObject({ teamId: idSchema, userId: idSchema });
export type TeamMemberInput = z.output<typeof teamMemberInput>;

export const organizationNameSchema = lineSchema(1, 120);

export const createOrganizationInput = z.strictObject({
  name: organizationNameSchema,
  /** Members may read (and reply to) each other's tickets. */
  sharedTickets: z.boolean().default(false),
});
export type CreateOrganizationInput = z.output<typeof createOrganizationInput>;

export const updateOrganizationInput = z
  .strictObject({
    id: idSchema,
    name: organizationNameSchema.optional(),
    sharedTickets: z.boolean().optional(),
  })
  .refine(...changesSomething);
export type UpdateOrganizationInput = z.output<typeof updateOrganizationInput>;

export const organizationMemberInput = z.strictObject({ organizationId: idSchema, userId: idSchema });
export type OrganizationMemberInput = z.output<typeof organizationMemberInput>;

/**
 * Like `cursorSchema`, but longer: a customers' cursor carries the last name on the page (up to
 * 120 characters of up to 4 bytes each), which does not fit in 200 base64 characters.
 */
export const customerCursorSchema = z
  .string()
  .max(800)
  .regex(/^[A-Za-z0-9_-]+$/, 'Invalid cursor');

export const listCustomersInput = z.strictObject({
  /** The start of a name or an email address (not a pattern: `%` and `_` match themselves). */
  search: lineSchema(1, 120).optional(),
  /** Only the members of this organization. */
  organizationId: idSchema.optional(),
  cursor: customerCursorSchema.optional(),
  limit: pageLimitSchema,
});
export type ListCustomersInput = z.input<typeof listCustomersInput>;
export type ListCustomersQuery = z.output<typeof listCustomersInput>;

export const customerIdInput = z.strictObject({ id: idSchema });
