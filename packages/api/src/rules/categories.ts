import { Category, type EntityManager, kyselyOf } from '@helpdesk/db';
import type { CreateCategoryInput, UpdateCategoryInput } from '@helpdesk/validators';
import type { Actor } from '../context.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { type CategoryView, toCategoryView } from '../mappers/admin.ts';
import { isStaff } from '../trpc.ts';
import { audit } from './audit.ts';
import { fieldChanges } from './audit-log.ts';

const byName = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Customers pick from the active categories; agents see every one. Ordered by name. */
export async function listCategories(em: EntityManager, actor: Actor): Promise<CategoryView[]> {
  const categories = await em.find(Category, isStaff(actor) ? {} : { active: true });
  // Sorted here so the order is the same on every database, whatever its collation.
  return categories.map(toCategoryView).sort((a, b) => byName.compare(a.name, b.name));
}

/**
 * Names are unique whatever their case ("Billing" and "billing" would confuse everyone), on SQLite
 * as on MySQL's case-insensitive collation. The unique index still guards against races.
 */
async function assertNameFree(tx: EntityManager, name: string, exceptId?: string) {
  let query = kyselyOf(tx)
    .selectFrom('categories')
    .select('id')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', eb.fn('lower', [eb.val(name)])));
  if (exceptId) query = query.where('id', '!=', exceptId);
  const clash = await query.executeTakeFirst();
  if (clash) throw new ConflictError(`A category named "${name}" already exists`);
}

export async function createCategory(
  em: EntityManager,
  actor: Actor,
  input: CreateCategoryInput,
  now = new Date(),
): Promise<CategoryView> {
  return em.transactional(async (tx) => {
    await assertNameFree(tx, input.name);
    const category = tx.create(Category, {
      name: input.name,
      description: input.description ?? '',
      active: true,
      createdAt: now,
    });
    audit(
      tx,
      actor,
      'category.created',
      { type: 'category', id: category.id },
      { name: category.name, description: category.description },
      now,
    );
    await tx.flush();
    return toCategoryView(category);
  });
}

/** Renames, describes, deactivates or reactivates; tickets keep their category either way. */
export async function updateCategory(
  em: EntityManager,
  actor: Actor,
  input: UpdateCategoryInput,
  now = new Date(),
): Promise<CategoryView> {
  return em.transactional(async (tx) => {
    const category = await tx.findOne(Category, input.id);
    if (!category) throw new NotFoundError('Category');
    const changes = fieldChanges(
      { name: category.name, description: category.description, active: category.active },
      { name: input.name, description: input.description, active: input.active },
    );
    if (Object.keys(changes).length === 0) return toCategoryView(category);
    if (input.name !== undefined && changes.name) {
      await assertNameFree(tx, input.name, category.id);
      category.name = input.name;
    }
    if (input.description !== undefined) category.description = input.description;
    if (input.active !== undefined) category.active = input.active;
    audit(
      tx,
      actor,
      'category.updated',
      { type: 'category', id: category.id },
      { name: category.name, changes },
      now,
    );
    await tx.flush();
    return toCategoryView(category);
  });
}
