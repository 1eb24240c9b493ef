/** Inputs of the admin configuration procedures: categories, custom fields, settings, audit log. */
import { z } from 'zod';
import { cursorSchema, idSchema, lineSchema, pageLimitSchema, textSchema } from './common.ts';
import { customFieldTypes } from './domain.ts';

/** Refuses an update that names nothing but the record it is about. */
const changesSomething = (input: object) =>
  Object.entries(input).some(([key, value]) => key !== 'id' && value !== undefined);
const NOTHING_TO_CHANGE = { message: 'Nothing to change' };

// Categories

export const categoryNameSchema = lineSchema(1, 80);
const categoryDescriptionSchema = textSchema(0, 500);

export const createCategoryInput = z.strictObject({
  name: categoryNameSchema,
  description: categoryDescriptionSchema.optional(),
});
export type CreateCategoryInput = z.infer<typeof createCategoryInput>;

/** No delete: a category is deactivated instead, so tickets keep theirs. */
export const updateCategoryInput = z
  .strictObject({
    id: idSchema,
    name: categoryNameSchema.optional(),
    description: categoryDescriptionSchema.optional(),
    active: z.boolean().optional(),
  })
  .refine(changesSomething, NOTHING_TO_CHANGE);
export type UpdateCategoryInput = z.infer<typeof updateCategoryInput>;

// Custom field definitions

export const customFieldTypeSchema = z.enum(customFieldTypes);

/** Lower snake case starting with a letter: the key of the value in every ticket's custom fields. */
export const customFieldKeySchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,39}$/,
    'Lower snake case (a-z, 0-9, _), 1 to 40 characters, starting with a letter',
  );

/** The choices of a select or multiselect field: distinct, at most as many as a value may carry. */
export const customFieldOptionsSchema = z
  .array(lineSchema(1, 200))
  .min(1, 'At least one option')
  .max(50, 'At most 50 options')
  .refine((options) => new Set(options).size === options.length, 'Each option at most once');

const CHOICE_TYPES: readonly string[] = [
  'select',
  'multiselect',
] satisfies (typeof customFieldTypes)[number][];
const positionSchema = z.number().int().min(0).max(10_000);

export const createCustomFieldInput = z
  .strictObject({
    key: customFieldKeySchema,
    label: lineSchema(1, 120),
    type: customFieldTypeSchema,
    required: z.boolean().default(false),
    /** Required for select and multiselect fields, refused for the other types. */
    options: customFieldOptionsSchema.optional(),
    /** Only tickets of this category have the field; absent or null means every ticket. */
    categoryId: idSchema.nullable().optional(),
    position: positionSchema.default(0),
  })
  .superRefine((input, ctx) => {
    const choices = CHOICE_TYPES.includes(input.type);
    if (choices && !input.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `A ${input.type} field needs options` });
    if (!choices && input.options)
      ctx.addIssue({ code: 'custom', path: ['options'], message: `A ${input.type} field has no options` });
  });
export type CreateCustomFieldInput = z.input<typeof createCustomFieldInput>;
export type CreateCustomFieldCommand = z.output<typeof createCustomFieldInput>;

/** The key and the type never change: ticket values were written for them. */
export const updateCustomFieldInput = z
  .strictObject({
    id: idSchema,
    label: lineSchema(1, 120).optional(),
    required: z.boolean().optional(),
    /** Select and multiselect fields only. */
    options: customFieldOptionsSchema.optional(),
    active: z.boolean().optional(),
    position: positionSchema.optional(),
  })
  .refine(changesSomething, NOTHING_TO_CHANGE);
export type UpdateCustomFieldInput = z.infer<typeof updateCustomFieldInput>;

/** Without `categoryId`: every definition. With it: the active ones a ticket of that category has. */
export const listCustomFieldsInput = z.strictObject({ categoryId: idSchema.optional() }).default({});
export type ListCustomFieldsInput = z.input<typeof listCustomFieldsInput>;

// Settings

/** Each desk-wide setting and the values it accepts (the API owns the defaults). */
export const settingValueSchemas = {
  /** Solved tickets close by themselves after this many days without a customer reply. */
  autoCloseDays: z.number().int().min(1).max(365),
  /** Agents and admins must turn two-factor sign-in on before they can work. */
  requireTwoFactorForStaff: z.boolean(),
};

/** Only the settings being changed. */
export const updateSettingsInput = z
  .strictObject(settingValueSchemas)
  .partial()
  .refine(changesSomething, NOTHING_TO_CHANGE);
export type UpdateSettingsInput = z.infer<typeof updateSettingsInput>;

// Audit log

export const listAuditLogInput = z.strictObject({
  /** e.g. `category.created` */
  action: lineSchema(1, 60).optional(),
  /** e.g. `category` */
  targetType: lineSchema(1, 40).optional(),
  actorId: idSchema.optional(),
  cursor: cursorSchema.optional(),
  limit: pageLimitSchema,
});
export type ListAuditLogInput = z.input<typeof listAuditLogInput>;
export type ListAuditLogQuery = z.output<typeof listAuditLogInput>;
