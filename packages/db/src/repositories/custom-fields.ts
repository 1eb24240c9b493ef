import type { CustomFieldType } from '@helpdesk/validators';
import type { EntityManager } from '../orm.ts';
import { dialectOf, fromDbJson } from './dialect.ts';
import { kyselyOf } from './kysely.ts';
import { preparedQuery } from './prepared.ts';

/** A custom field's definition as ticket forms and validation read it. */
export interface CustomFieldDefinition {
  id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  required: boolean;
  options: string[];
  category?: { id: string } | null;
  active: boolean;
  position: number;
}

/**
 * The active fields a ticket of this category has: the global ones and the category's own, in
 * form order. A prepared read: every new ticket validates its values against them.
 */
export async function findApplicableCustomFields(
  em: EntityManager,
  categoryId: string | null,
): Promise<CustomFieldDefinition[]> {
  const db = kyselyOf(em);
  const rows = await preparedQuery(
    db as never,
    dialectOf(em),
    'applicable-custom-fields',
    { categoryId },
    (args) =>
      db
        .selectFrom('custom_fields')
        .select(['id', 'key', 'label', 'type', 'required', 'options', 'category_id', 'active', 'position'])
        .where('active', '=', true as never)
        .where((eb) =>
          args.categoryId
            ? eb.or([eb('category_id', 'is', null), eb('category_id', '=', args.categoryId)])
            : eb('category_id', 'is', null),
        )
        .orderBy('position')
        .orderBy('key'),
  );
  return rows.map((row) => ({
    id: row.id,
    key: row.key,
    label: row.label,
    type: row.type as CustomFieldType,
    required: Boolean(row.required),
    options: fromDbJson<string[]>(row.options, []),
    category: row.category_id ? { id: row.category_id } : null,
    active: Boolean(row.active),
    position: Number(row.position),
  }));
}
