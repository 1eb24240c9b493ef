import type { RouterOutputs } from '@helpdesk/client';
import { useQueries } from '@tanstack/react-query';
import { humanize } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';

export type AuditEntry = RouterOutputs['audit']['list']['items'][number];

/** Every action the API records (packages/api/src/rules), for the filter. */
export const AUDIT_ACTIONS = [
  'user.invited',
  'user.role_changed',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'team.created',
  'team.updated',
  'team.member_added',
  'team.member_removed',
  'category.created',
  'category.updated',
  'custom_field.created',
  'custom_field.updated',
  'canned_response.created',
  'canned_response.updated',
  'canned_response.deleted',
  'organization.created',
  'organization.updated',
  'organization.member_added',
  'organization.member_removed',
  'settings.updated',
] as const;

export const AUDIT_TARGET_TYPES = [...new Set(AUDIT_ACTIONS.map((action) => action.split('.')[0] as string))];

/** `roundRobin` → "Round robin", `custom_field` → "Custom field". */
export function label(key: string): string {
  return humanize(key.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase());
}

/** "Role changed" for `user.role_changed`: the target's type has its own column. */
export function actionLabel(action: string): string {
  const [, verb] = action.split('.');
  return label(verb ?? action);
}

export type Names = Map<string, string>;

/**
 * Names of what entries point at, from the lists an admin can read, so the log reads "Billing"
 * rather than an id. Anything not found (deleted, or beyond the first 200 accounts) falls back to
 * what the entry itself recorded.
 */
export function useAuditNames(): Names {
  return useQueries({
    queries: [
      trpc.users.list.queryOptions({ limit: 200 }),
      trpc.teams.list.queryOptions(),
      trpc.categories.list.queryOptions(),
      trpc.customFields.list.queryOptions(),
      trpc.cannedResponses.list.queryOptions(),
      trpc.organizations.list.queryOptions(),
    ],
    combine: (results) => {
      const names: Names = new Map();
      for (const result of results)
        for (const item of (result.data ?? []) as ({ id: string } & Record<string, unknown>)[])
          names.set(item.id, String(item.name ?? item.label ?? item.title ?? item.id));
      return names;
    },
  });
}

function value(raw: unknown, names: Names): string {
  if (raw === null || raw === undefined || raw === '') return '—';
  if (typeof raw === 'boolean') return raw ? 'yes' : 'no';
  if (Array.isArray(raw)) return raw.map((item) => value(item, names)).join(', ') || '—';
  if (typeof raw === 'object') return JSON.stringify(raw);
  const text = String(raw);
  return names.get(text) ?? text;
}

/** `userId` in team entries is the member; other ids name what they point at (`categoryId` → "Category"). */
const detailLabel = (key: string) => (key === 'userId' ? 'Member' : label(key.replace(/Id$/, '')));

const isChange = (raw: unknown): raw is { from: unknown; to: unknown } =>
  typeof raw === 'object' && raw !== null && 'from' in raw && 'to' in raw;

/** An entry's details as short lines: "Name: Billing → Payments", "Member: Ann Lee". */
export function detailLines(details: Record<string, unknown>, names: Names): string[] {
  if (isChange(details)) return [`${value(details.from, names)} → ${value(details.to, names)}`];
  return Object.entries(details).flatMap(([key, raw]) => {
    if (key === 'changes' && typeof raw === 'object' && raw !== null)
      return detailLines(raw as Record<string, unknown>, names);
    if (isChange(raw)) return [`${label(key)}: ${value(raw.from, names)} → ${value(raw.to, names)}`];
    return [`${detailLabel(key)}: ${value(raw, names)}`];
  });
}

/** What the entry is about, by name where possible. */
export function targetName(entry: AuditEntry, names: Names): string {
  if (entry.targetType === 'settings') return 'Desk settings';
  const recorded = ['name', 'title', 'email', 'key']
    .map((key) => entry.details[key])
    .find((found) => typeof found === 'string');
  const fallback = entry.targetId ? `#${entry.targetId.slice(-6)}` : '';
  return (entry.targetId && names.get(entry.targetId)) || (recorded as string | undefined) || fallback;
}
