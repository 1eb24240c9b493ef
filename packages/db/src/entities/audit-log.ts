import { defineEntity, p } from '@mikro-orm/core';
import { newId } from '../ids.ts';
import { User } from './user.ts';

/** Every change admins make to the desk's configuration: who, what, when, and the details. */
export const AuditLogSchema = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  properties: {
    id: p
      .string()
      .length(26)
      .primary()
      .onCreate(() => newId()),
    actor: () => p.manyToOne(User).nullable().deleteRule('set null'),
    action: p.string().length(60),
    targetType: p.string().length(40),
    targetId: p.string().length(64).nullable(),
    details: p.json<Record<string, unknown>>(),
    createdAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .index(),
  },
});

export class AuditLog extends AuditLogSchema.class {}
AuditLogSchema.setClass(AuditLog);
