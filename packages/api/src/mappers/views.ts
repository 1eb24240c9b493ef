import type { SavedView } from '@helpdesk/db';
import type { TicketFilterInput } from '@helpdesk/validators';
import { type PersonRef, toPersonRef } from './users.ts';

interface ViewBase {
  /** A ULID for saved views; a fixed name (`my-open`, ...) for built-in ones. */
  id: string;
  name: string;
  builtIn: boolean;
  /** Shared by its owner with every agent (built-in views are everyone's, but not `shared`). */
  shared: boolean;
  /** null for built-in views. */
  owner: PersonRef | null;
  /** Matching tickets right now, counted up to a cap (`VIEW_COUNT_CAP`): show "999+" at the cap. */
  count: number;
}

/**
 * A view's filters are what `tickets.list` takes. A stored filter that no longer validates (the
 * schema moved on) comes back as stored, flagged `invalid`, and counts 0.
 */
export type ViewSummary =
  | (ViewBase & { invalid: false; filters: TicketFilterInput })
  | (ViewBase & { invalid: true; filters: Record<string, unknown> });

export interface ViewCount {
  id: string;
  count: number;
}

/** Built-in views are constants, not rows. */
export interface BuiltInView {
  id: string;
  name: string;
  filters: TicketFilterInput;
}

/** What a view is, before its filters are checked and counted. */
export interface ViewHead {
  id: string;
  name: string;
  builtIn: boolean;
  shared: boolean;
  owner: PersonRef | null;
}

export function builtInViewHead(view: BuiltInView): ViewHead {
  return { id: view.id, name: view.name, builtIn: true, shared: false, owner: null };
}

/** Needs `owner` loaded. */
export function savedViewHead(view: SavedView): ViewHead {
  return {
    id: view.id,
    name: view.name,
    builtIn: false,
    shared: view.shared,
    owner: toPersonRef(view.owner),
  };
}

export function toViewSummary(
  head: ViewHead,
  filters: { valid: true; input: TicketFilterInput } | { valid: false; stored: Record<string, unknown> },
  count: number,
): ViewSummary {
  return filters.valid
    ? { ...head, invalid: false, filters: filters.input, count }
    : { ...head, invalid: true, filters: filters.stored, count: 0 };
}
