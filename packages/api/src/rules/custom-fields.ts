import { type CustomFieldDefinition, type EntityManager, findApplicableCustomFields } from '@helpdesk/db';
import { z } from 'zod';
import { InvalidInputError } from '../errors.ts';

function valueSchema(field: CustomFieldDefinition): z.ZodType {
  switch (field.type) {
    case 'text':
      return z.string().trim().min(1).max(2_000);
    case 'number':
      return z.number().finite();
    case 'date':
      return z.iso.date();
    case 'checkbox':
      return z.boolean();
    case 'select':
      return z.enum(field.options as [string, ...string[]]);
    case 'multiselect':
      return z
        .array(z.enum(field.options as [string, ...string[]]))
        .min(1)
        .max(field.options.length)
        .refine((values) => new Set(values).size === values.length, 'Each option at most once');
  }
}

/**
 * A strict zod schema built from field definitions: unknown keys are refused, each value must fit
 * its field's type, and required fields must have a value.
 */
export function customFieldsSchema(fields: readonly CustomFieldDefinition[]) {
  return z.strictObject(
    Object.fromEntries(
      fields.map((field) => [field.key, field.required ? valueSchema(field) : valueSchema(field).optional()]),
    ),
  );
}

/**
 * The custom field values a ticket ends up with: `current` values of fields that still apply,
 * overlaid with `changes` (null clears a value), validated against the definitions that apply
 * to the ticket's category. Refuses with BAD_REQUEST naming the field.
 */
export async function resolveCustomFields(
  em: EntityManager,
  categoryId: string | null,
  current: Record<string, unknown>,
  changes: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const fields = await findApplicableCustomFields(em, categoryId);
  const keys = new Set(fields.map((field) => field.key));
  for (const key of Object.keys(changes)) {
    if (!keys.has(key)) throw new InvalidInputError(`customFields.${key}`, 'No such field for this ticket');
  }
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries({ ...current, ...changes })) {
    if (keys.has(key) && value !== null && value !== undefined) merged[key] = value;
  }
  // Most tickets carry no custom value and their fields are optional: nothing to validate, and
  // building the fields' schema (a zod object per request) is most of the work here.
  if (!Object.keys(merged).length && !fields.some((field) => field.required)) return merged;
  const parsed = customFieldsSchema(fields).safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') ?? '';
    throw new InvalidInputError(`customFields${path ? `.${path}` : ''}`, issue?.message ?? 'Invalid value');
  }
  return parsed.data as Record<string, unknown>;
}
