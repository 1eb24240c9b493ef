import { type SortDirection, type TicketSort, ticketSorts } from '@helpdesk/validators';
import { Field, Select } from '../../components/ui/field.tsx';

const SORT_LABELS: Record<TicketSort, [string, string]> = {
  updated: ['Updated, newest first', 'Updated, oldest first'],
  created: ['Created, newest first', 'Created, oldest first'],
  priority: ['Priority, highest first', 'Priority, lowest first'],
  due: ['Due, latest first', 'Due, soonest first'],
};

/** Every sort the API has, including those without a column (created, due). */
export function SortSelect({
  sort,
  dir,
  ranked,
  onChange,
}: {
  sort: TicketSort;
  dir: SortDirection;
  /** A full-text search is ranked by relevance, whatever the sort says. */
  ranked: boolean;
  onChange: (sort: TicketSort, dir: SortDirection) => void;
}) {
  return (
    <Field
      label="Sort"
      className="min-w-56"
      hint={ranked ? 'Search results are sorted by relevance.' : undefined}
    >
      <Select
        value={ranked ? 'relevance' : `${sort}:${dir}`}
        disabled={ranked}
        onChange={(event) => {
          const [nextSort, nextDir] = event.target.value.split(':') as [TicketSort, SortDirection];
          onChange(nextSort, nextDir);
        }}
      >
        {ranked ? <option value="relevance">Relevance</option> : null}
        {ticketSorts.flatMap((key) =>
          (['desc', 'asc'] as const).map((direction) => (
            <option key={`${key}:${direction}`} value={`${key}:${direction}`}>
              {SORT_LABELS[key][direction === 'desc' ? 0 : 1]}
            </option>
          )),
        )}
      </Select>
    </Field>
  );
}
