import { isDeepStrictEqual } from 'node:util';
import { AuditLog, type EntityManager } from '@helpdesk/db';
import type { ListAuditLogQuery } from '@helpdesk/validators';
import { type AuditEntry, toAuditEntry } from '../mappers/admin.ts';
import { decodeKeysetCursor, encodeKeysetCursor } from './cursor.ts';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

/**
 * What an update really changes, as audit details: each field of `patch` that is given and
 * differs from `current`, with its old and new value. Empty when the update changes nothing.
 */
export function fieldChanges<T extends Record<string, unknown>>(current: T, patch: Partial<T>): FieldChanges {
  const changes: FieldChanges = {};
  for (const [field, to] of Object.entries(patch)) {
    if (to !== undefined && !isDeepStrictEqual(current[field], to))
      changes[field] = { from: current[field], to };
  }
  return changes;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * The audit log, newest first, keyset-paginated over (created_at, id) so entries written while
 * someone pages neither shift nor repeat a page. Two statements whatever the page size (the
 * entries, their actors).
 */
export async function listAuditLog(em: EntityManager, query: ListAuditLogQuery): Promise<AuditPage> {
  // The cursor has the shape of a ticket list's `created` cursor: a time and an id.
  const after = query.cursor ? decodeKeysetCursor(query.cursor, 'created') : null;
  const afterTime = after ? new Date(after[0] as number) : null;
  const rows = await em.find(
    AuditLog,
    {
      ...(query.action ? { action: query.action } : {}),
      ...(query.targetType ? { targetType: query.targetType } : {}),
      ...(query.actorId ? { actor: query.actorId } : {}),
      ...(after && afterTime
        ? {
            $or: [
              { createdAt: { $lt: afterTime } },
              { createdAt: afterTime, id: { $lt: after[1] as string } },
            ],
          }
        : {}),
    },
    { orderBy: { createdAt: 'desc', id: 'desc' }, limit: query.limit + 1, populate: ['actor'] },
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(toAuditEntry),
    nextCursor:
      rows.length > query.limit && last
        ? encodeKeysetCursor('created', [last.createdAt.getTime(), last.id])
        : null,
  };
}
