import { customFieldTypes } from '@helpdesk/validators';
import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { Category } from './category.ts';

/**
 * An admin-defined ticket field. Values live in `tickets.custom_fields` (JSON keyed by `key`) and
 * are validated by a zod schema built from these definitions.
 */
export const CustomFieldSchema = defineEntity({
  name: 'CustomField',
  tableName: 'custom_fields',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    key: p.string().length(40).unique(),
    label: p.string().length(120),
    type: p.enum(customFieldTypes),
    required: p.boolean().default(false),
    /** The choices of select and multiselect fields. */
    options: p.json<string[]>(),
    /** Only tickets of this category have the field; null means every ticket. */
    category: () => p.manyToOne(Category).nullable().deleteRule('cascade'),
    active: p.boolean().default(true),
    position: p.integer().default(0),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  },
});

export class CustomField extends CustomFieldSchema.class {}
CustomFieldSchema.setClass(CustomField);
