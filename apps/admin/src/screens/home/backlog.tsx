import type { RouterOutputs } from '@helpdesk/client';
import type { ReactNode } from 'react';
import { Badge, Card, priorityTone } from '../../components/ui/layout.tsx';
import { Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { humanize } from '../../lib/format.ts';

type Backlog = RouterOutputs['reports']['overview']['backlog'];

interface Row {
  key: string;
  name: ReactNode;
  count: number;
}

/**
 * A table with a bar per row: the numbers are the content, the bars (hidden from assistive
 * technology) only make the proportions visible at a glance.
 */
function BarTable({ label, heading, rows }: { label: string; heading: string; rows: Row[] }) {
  const max = Math.max(1, ...rows.map((row) => row.count));
  return (
    <Table label={label}>
      <thead>
        <tr>
          <Th>{heading}</Th>
          <Th className="text-right">Tickets</Th>
          <Th className="w-1/2">
            <span className="sr-only">Share</span>
          </Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <Tr key={row.key}>
            <Td className="whitespace-nowrap">{row.name}</Td>
            <Td className="text-right tabular-nums">{row.count}</Td>
            <Td className="align-middle">
              <div aria-hidden className="h-2.5 rounded-sm bg-slate-100">
                <div
                  className="h-full rounded-sm bg-blue-700"
                  style={{ width: `${(row.count / max) * 100}%` }}
                />
              </div>
            </Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

/** Unresolved tickets now, whatever the period: by team and by priority. */
export function BacklogBreakdown({ backlog }: { backlog: Backlog }) {
  const total = backlog.byStatus.reduce((sum, row) => sum + row.count, 0);
  const teams: Row[] = backlog.byTeam.map((row) => ({
    key: row.team?.id ?? 'none',
    name: row.team?.name ?? 'No team',
    count: row.count,
  }));
  const priorities: Row[] = backlog.byPriority.map((row) => ({
    key: row.priority,
    name: <Badge tone={priorityTone[row.priority]}>{humanize(row.priority)}</Badge>,
    count: row.count,
  }));
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <Card title="Backlog by team">
        <p className="mb-3 text-sm text-slate-600">{total} unresolved tickets right now.</p>
        {teams.length ? (
          <BarTable label="Unresolved tickets by team" heading="Team" rows={teams} />
        ) : (
          <p className="text-sm text-slate-600">No unresolved tickets.</p>
        )}
      </Card>
      <Card title="Backlog by priority">
        <p className="mb-3 text-sm text-slate-600">New, open, pending and on hold.</p>
        <BarTable label="Unresolved tickets by priority" heading="Priority" rows={priorities} />
      </Card>
    </div>
  );
}
