import { AuditLog, type EntityManager, User } from '@helpdesk/db';
import type { Actor } from '../context.ts';

/**
 * Records an admin's change to the desk's configuration, in the caller's unit of work, so the
 * change and its record are committed (or rolled back) together.
 */
export function audit(
  em: EntityManager,
  actor: Actor | null,
  action: string,
  target: { type: string; id?: string | null },
  details: Record<string, unknown> = {},
  at = new Date(),
): AuditLog {
  return em.create(AuditLog, {
    actor: actor ? em.getReference(User, actor.id) : null,
    action,
    targetType: target.type,
    targetId: target.id ?? null,
    details,
    createdAt: at,
  });
}
