import { Category, CustomField, type EntityManager, findApplicableCustomFields } from '@helpdesk/db';
import type {
  CreateCustomFieldCommand,
  ListCustomFieldsInput,
  UpdateCustomFieldInput,
} from '@helpdesk/validators';
import type { Actor } from '../context.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { type CustomFieldView, toCustomFieldView } from '../mappers/admin.ts';
import { audit } from './audit.ts';
import { fieldChanges } from './audit-log.ts';

const hasOptions = (field: Pick<CustomField, 'type'>) =>
  field.type === 'select' || field.type === 'multiselect';

/**
 * Every definition (inactive ones too), or with `categoryId` the active fields a ticket of that
 * category has: the global ones and the category's own, as ticket forms show them.
 */
export async function listCustomFields(
  em: EntityManager,
  input: ListCustomFieldsInput = {},
): Promise<CustomFieldView[]> {
  if (input.categoryId) {
    if (!(await em.count(Category, { id: input.categoryId }))) throw new NotFoundError('Category');
    return (await findApplicableCustomFields(em, input.categoryId)).map(toCustomFieldView);
  }
  const fields = await em.find(CustomField, {}, { orderBy: { position: 'asc', key: 'asc' } });
  return fields.map(toCustomFieldView);
}

export async function createCustomField(
  em: EntityManager,
  actor: Actor,
  input: CreateCustomFieldCommand,
  now = new Date(),
): Promise<CustomFieldView> {
  return em.transactional(async (tx) => {
    if (await tx.count(CustomField, { key: input.key }))
      throw new ConflictError(`A custom field with the key "${input.key}" already exists`);
    const category = input.categoryId ? await tx.findOne(Category, input.categoryId) : null;
    if (input.categoryId && !category) throw new InvalidInputError('categoryId', 'No category has this id');
    const field = tx.create(CustomField, {
      key: input.key,
      label: input.label,
      type: input.type,
      required: input.required,
      options: input.options ? [...input.options] : [],
      category,
      active: true,
      position: input.position,
      createdAt: now,
    });
    const { id, ...definition } = toCustomFieldView(field);
    audit(tx, actor, 'custom_field.created', { type: 'custom_field', id }, definition, now);
    await tx.flush();
    return toCustomFieldView(field);
  });
}

/** Label, requiredness, options, position and activity; never the key or the type. */
export async function updateCustomField(
  em: EntityManager,
  actor: Actor,
  input: UpdateCustomFieldInput,
  now = new Date(),
): Promise<CustomFieldView> {
  return em.transactional(async (tx) => {
    const field = await tx.findOne(CustomField, input.id);
    if (!field) throw new NotFoundError('Custom field');
    if (input.options && !hasOptions(field))
      throw new InvalidInputError('options', `A ${field.type} field has no options`);
    const { id, key, type, categoryId, ...current } = toCustomFieldView(field);
    const changes = fieldChanges(current, {
      label: input.label,
      required: input.required,
      options: input.options,
      active: input.active,
      position: input.position,
    });
    if (Object.keys(changes).length === 0) return toCustomFieldView(field);
    if (input.label !== undefined) field.label = input.label;
    if (input.required !== undefined) field.required = input.required;
    if (input.options !== undefined) field.options = [...input.options];
    if (input.active !== undefined) field.active = input.active;
    if (input.position !== undefined) field.position = input.position;
    audit(tx, actor, 'custom_field.updated', { type: 'custom_field', id }, { key, changes }, now);
    await tx.flush();
    return toCustomFieldView(field);
  });
}
