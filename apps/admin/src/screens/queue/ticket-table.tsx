import type { SortDirection, TicketSort } from '@helpdesk/validators';
import { Link } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { Badge, priorityTone, statusTone } from '../../components/ui/layout.tsx';
import { Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { formatDateTime, humanize, timeAgo } from '../../lib/format.ts';
import type { TicketRow } from './data.ts';

interface SortState {
  sort: TicketSort;
  dir: SortDirection;
  /** A full-text search is ranked by relevance: the sort does not apply. */
  ranked: boolean;
}

interface TicketTableProps {
  rows: TicketRow[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
  onToggleAll: (select: boolean) => void;
  highlighted: string | undefined;
  sortState: SortState;
  onSort: (sort: TicketSort) => void;
}

export function TicketTable({
  rows,
  selected,
  onToggle,
  onToggleAll,
  highlighted,
  sortState,
  onSort,
}: TicketTableProps) {
  const selectedOnPage = rows.filter((row) => selected.has(row.id)).length;
  return (
    <Table label="Tickets">
      <thead className="bg-slate-50">
        <tr>
          <Th className="w-10">
            <SelectAll
              checked={rows.length > 0 && selectedOnPage === rows.length}
              indeterminate={selectedOnPage > 0 && selectedOnPage < rows.length}
              onChange={onToggleAll}
            />
          </Th>
          <Th>Reference</Th>
          <Th>Subject</Th>
          <Th>Requester</Th>
          <Th>Status</Th>
          <SortableTh label="Priority" sort="priority" state={sortState} onSort={onSort} />
          <Th>Assignee</Th>
          <Th>Team</Th>
          <SortableTh label="Updated" sort="updated" state={sortState} onSort={onSort} />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <TicketTableRow
            key={row.id}
            row={row}
            checked={selected.has(row.id)}
            highlighted={row.id === highlighted}
            onToggle={onToggle}
          />
        ))}
      </tbody>
    </Table>
  );
}

function SelectAll({
  checked,
  indeterminate,
  onChange,
}: {
  checked: boolean;
  indeterminate: boolean;
  onChange: (select: boolean) => void;
}) {
  const ref = useRef<HTMLInputElement>(null);
  // `indeterminate` exists only as a DOM property, never as an attribute.
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = indeterminate;
  }, [indeterminate]);
  return (
    <input
      ref={ref}
      type="checkbox"
      aria-label="Select all tickets shown"
      className="size-4 accent-blue-700"
      checked={checked}
      onChange={(event) => onChange(event.target.checked)}
    />
  );
}

function SortableTh({
  label,
  sort,
  state,
  onSort,
}: {
  label: string;
  sort: TicketSort;
  state: SortState;
  onSort: (sort: TicketSort) => void;
}) {
  if (state.ranked) return <Th>{label}</Th>;
  const active = state.sort === sort;
  const ariaSort = active ? (state.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <Th aria-sort={ariaSort}>
      <button
        type="button"
        onClick={() => onSort(sort)}
        className="inline-flex items-center gap-1 rounded font-semibold text-slate-700 hover:text-blue-800"
      >
        {label}
        <span aria-hidden className={active ? 'text-slate-900' : 'text-slate-400'}>
          {active && state.dir === 'asc' ? '▲' : '▼'}
        </span>
      </button>
    </Th>
  );
}

function TicketTableRow({
  row,
  checked,
  highlighted,
  onToggle,
}: {
  row: TicketRow;
  checked: boolean;
  highlighted: boolean;
  onToggle: (id: string) => void;
}) {
  useEffect(() => {
    if (highlighted)
      document.querySelector(`[data-ticket-id="${row.id}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [highlighted, row.id]);
  const tone = highlighted
    ? 'bg-blue-50 outline-2 -outline-offset-2 outline-blue-700'
    : checked
      ? 'bg-slate-50'
      : '';
  return (
    <Tr
      aria-current={highlighted || undefined}
      data-ticket-id={row.id}
      className={`hover:bg-slate-50 ${tone}`}
    >
      <Td>
        <input
          type="checkbox"
          aria-label={`Select ${row.reference}`}
          className="size-4 accent-blue-700"
          checked={checked}
          onChange={() => onToggle(row.id)}
        />
      </Td>
      <Td className="whitespace-nowrap font-mono text-xs text-slate-700">{row.reference}</Td>
      <Td className="min-w-48">
        <Link
          to="/tickets/$ticketId"
          params={{ ticketId: row.id }}
          className="font-medium text-blue-800 hover:underline"
        >
          {row.subject}
        </Link>
        {row.tags?.length ? <p className="mt-0.5 text-xs text-slate-600">{row.tags.join(', ')}</p> : null}
      </Td>
      <Td className="whitespace-nowrap">{row.requester.name}</Td>
      <Td>
        <Badge tone={statusTone[row.status]}>{humanize(row.status)}</Badge>
      </Td>
      <Td>
        <Badge tone={priorityTone[row.priority]}>{humanize(row.priority)}</Badge>
      </Td>
      <Td className="whitespace-nowrap">
        {row.assignee?.name ?? <span className="text-slate-600">Unassigned</span>}
      </Td>
      <Td className="min-w-24">{row.team?.name ?? <span className="text-slate-600">—</span>}</Td>
      <Td className="whitespace-nowrap">
        <time dateTime={row.updatedAt} title={formatDateTime(row.updatedAt)}>
          {timeAgo(row.updatedAt)}
        </time>
      </Td>
    </Tr>
  );
}
