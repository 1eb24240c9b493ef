import type { AuditLog, Category, CustomFieldDefinition } from '@helpdesk/db';
import type { CustomFieldType } from '@helpdesk/validators';
import { type PersonRef, toPersonRef } from './users.ts';

/** Outputs of the admin configuration procedures, built field by field. */
export interface CategoryView {
  id: string;
  name: string;
  description: string;
  active: boolean;
}

export function toCategoryView(category: Category): CategoryView {
  return {
    id: category.id,
    name: category.name,
    description: category.description,
    active: category.active,
  };
}

export interface CustomFieldView {
  id: string;
  key: string;
  label: string;
  type: CustomFieldType;
  required: boolean;
  /** The choices of select and multiselect fields; empty for the other types. */
  options: string[];
  /** Only tickets of this category have the field; null means every ticket. */
  categoryId: string | null;
  active: boolean;
  position: number;
}

export function toCustomFieldView(field: CustomFieldDefinition): CustomFieldView {
  return {
    id: field.id,
    key: field.key,
    label: field.label,
    type: field.type,
    required: field.required,
    options: [...field.options],
    categoryId: field.category?.id ?? null,
    active: field.active,
    position: field.position,
  };
}

export interface AuditEntry {
  id: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: Record<string, unknown>;
  createdAt: string;
  /** Null when the change was made by the system or the account has since been deleted. */
  actor: PersonRef | null;
}

/** Needs `actor` loaded. */
export function toAuditEntry(entry: AuditLog): AuditEntry {
  return {
    id: entry.id,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    details: entry.details,
    createdAt: entry.createdAt.toISOString(),
    actor: entry.actor ? toPersonRef(entry.actor) : null,
  };
}
