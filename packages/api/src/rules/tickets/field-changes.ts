import {
  appendToSearchDocument,
  type EntityManager,
  insertTimelineEntries,
  type TicketFieldsChange,
  type TicketFieldsRow,
  type TimelineEntry,
  writeTicketFields,
} from '@helpdesk/db';
import { fieldChange, timelineEntry } from '../events.ts';
import { changeFields, type FieldChanges, touch } from './fields.ts';

const OWN_FIELDS: ReadonlySet<string> = new Set(['subject', 'status', 'priority', 'dueAt']);

/**
 * Whether a change names only the ticket's own fields (nothing it names reads another table),
 * so it can be written as statements by `changeTicketFields` instead of through entities.
 */
export function namesOnlyOwnFields(changes: object): boolean {
  return Object.entries(changes).every(([key, value]) => value === undefined || OWN_FIELDS.has(key));
}

/** The columns whose values differ between two states of a row. */
function changedColumns(before: TicketFieldsRow, after: TicketFieldsRow): TicketFieldsChange {
  const change: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof TicketFieldsRow)[]) {
    const was = before[key];
    const is = after[key];
    const same = was instanceof Date && is instanceof Date ? was.getTime() === is.getTime() : was === is;
    if (!same) change[key] = is;
  }
  return change;
}

/** Writes what the rules changed on a locked row (`after` is `before`'s copy, changed). */
export function writeChangedFields(tx: EntityManager, before: TicketFieldsRow, after: TicketFieldsRow) {
  return writeTicketFields(tx, after.id, changedColumns(before, after));
}

/**
 * The same own-field changes to tickets locked with `lockTicketFields`, by the same rules as
 * `applyChanges` (fields.ts) and with the same timeline entries, written as one update per
 * changed ticket and one insert of every entry. Tickets the change leaves as they were are not
 * written (their version stays).
 */
export async function changeTicketFields(
  tx: EntityManager,
  tickets: readonly TicketFieldsRow[],
  actorId: string,
  changes: FieldChanges,
  now: Date,
): Promise<void> {
  const entries: TimelineEntry[] = [];
  for (const before of tickets) {
    const ticket = { ...before };
    const { publicChange, internalChange, subjectChanged } = changeFields(ticket, changes, now, (...change) =>
      entries.push(timelineEntry(ticket.id, { actorId, at: now, ...fieldChange(...change) })),
    );
    if (!publicChange && !internalChange) continue;
    touch(ticket, now, publicChange);
    await writeChangedFields(tx, before, ticket);
    if (subjectChanged) await appendToSearchDocument(tx, ticket.id, ticket.subject, false);
  }
  await insertTimelineEntries(tx, entries);
}
