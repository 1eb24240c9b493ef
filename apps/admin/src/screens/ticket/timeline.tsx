import type { RouterOutputs } from '@helpdesk/client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Card } from '../../components/ui/layout.tsx';
import { EmptyState, ErrorState, LoadingState } from '../../components/ui/states.tsx';
import { formatDateTime, humanize, timeAgo } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { LIVE } from './editor.ts';

type Entry = RouterOutputs['tickets']['timeline'][number];

const FIELD_NAMES: Record<string, string> = { dueAt: 'due date', customFields: 'custom fields' };
/** Fields whose values are enum members, shown as words ("on_hold" → "On hold"). */
const ENUM_FIELDS = new Set(['status', 'priority']);
const SHOWN_AT_FIRST = 8;

function value(entry: Entry, raw: string | null): string {
  if (raw === null) return entry.field === 'assignee' ? 'nobody' : 'none';
  if (ENUM_FIELDS.has(entry.field ?? '')) return humanize(raw);
  if (entry.field === 'dueAt') return formatDateTime(raw);
  return raw;
}

/** One sentence per entry: "Ada changed status from New to Open". */
function describe(entry: Entry): string {
  switch (entry.kind) {
    case 'created':
      return 'opened the ticket';
    case 'replied':
      return 'replied';
    case 'note_added':
      return 'added an internal note';
    case 'field_changed': {
      const field = FIELD_NAMES[entry.field ?? ''] ?? entry.field ?? 'a field';
      // Custom field values are JSON documents: naming the change is clearer than printing them.
      if (entry.field === 'customFields') return 'changed the custom fields';
      return `changed ${field} from ${value(entry, entry.from)} to ${value(entry, entry.to)}`;
    }
    case 'merged_into':
      return `merged this ticket into ${entry.to}`;
    case 'merged_from':
      return `merged ${entry.from} into this ticket`;
    case 'split_to':
    case 'split_from':
      return `split a message ${entry.kind === 'split_to' ? 'out to' : 'out of'} ${entry.to ?? entry.from}`;
    case 'linked':
      return `linked ${entry.to}`;
    case 'unlinked':
      return `unlinked ${entry.to}`;
    case 'follow_up_created':
      return `started the follow-up ${entry.to}`;
    case 'auto_closed':
      return 'closed the ticket automatically after it stayed solved';
    default:
      return humanize(entry.kind);
  }
}

/** Who changed what and when, newest first. */
export function Timeline({ ticketId }: { ticketId: string }) {
  const timeline = useQuery({ ...trpc.tickets.timeline.queryOptions({ id: ticketId }), ...LIVE });
  const [all, setAll] = useState(false);

  return (
    <Card title="History">
      {timeline.isPending ? (
        <LoadingState label="Loading the history" />
      ) : timeline.isError ? (
        <ErrorState error={timeline.error} retry={() => void timeline.refetch()} />
      ) : timeline.data.length === 0 ? (
        <EmptyState title="Nothing has happened yet" />
      ) : (
        <>
          <ol aria-label="History" className="space-y-3">
            {[...timeline.data]
              .reverse()
              .slice(0, all ? undefined : SHOWN_AT_FIRST)
              .map((entry) => (
                <li key={entry.id} className="border-l-2 border-slate-300 pl-3 text-sm">
                  <p className="text-slate-900 [overflow-wrap:anywhere]">
                    <span className="font-medium">{entry.actor?.name ?? 'The system'}</span> {describe(entry)}
                  </p>
                  <time
                    dateTime={entry.at}
                    title={formatDateTime(entry.at)}
                    className="text-xs text-slate-600"
                  >
                    {timeAgo(entry.at)}
                    {entry.internal ? ' · agents only' : ''}
                  </time>
                </li>
              ))}
          </ol>
          {timeline.data.length > SHOWN_AT_FIRST ? (
            <Button variant="ghost" size="sm" className="mt-3" onClick={() => setAll((shown) => !shown)}>
              {all ? 'Show fewer' : `Show all ${timeline.data.length} entries`}
            </Button>
          ) : null}
        </>
      )}
    </Card>
  );
}
