import { listTicketsInput, ticketPriorities, ticketStatuses } from '@helpdesk/validators';
import { type KeyboardEvent, useEffect, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Field, Input, Select } from '../../components/ui/field.tsx';
import { humanize } from '../../lib/format.ts';
import { useZodForm } from '../../lib/forms.ts';
import { useDirectory } from './data.ts';
import { MultiSelect } from './multi-select.tsx';
import { FILTER_KEYS, type FilterKey, type FilterSearch, splitList } from './search.ts';

/** Filters a view may hold that the bar has no control for; shown as removable chips instead. */
const CONTROLLED = new Set<FilterKey>(['status', 'priority', 'assigneeId', 'teamId', 'categoryId', 'tags']);
/** How long typing pauses before the search runs. */
const SEARCH_DELAY = 400;

interface FiltersBarProps {
  shown: FilterSearch;
  q: string | undefined;
  onFilter: (key: FilterKey, value: string | undefined) => void;
  onSearch: (q: string | undefined) => void;
  onClear: () => void;
}

export function FiltersBar({ shown, q, onFilter, onSearch, onClear }: FiltersBarProps) {
  const { agents, teams, categories } = useDirectory();
  const form = useZodForm(listTicketsInput);
  const [text, setText] = useState(q ?? '');
  const [tags, setTags] = useState(shown.tags ?? '');

  // The URL is the truth: back, forward and views change it under the inputs.
  useEffect(() => setText(q ?? ''), [q]);
  useEffect(() => setTags(shown.tags ?? ''), [shown.tags]);

  const runSearch = (value: string) => {
    const trimmed = value.trim();
    if (trimmed === (q ?? '')) return;
    if (!trimmed) return onSearch(undefined);
    if (form.validate({ search: trimmed })) onSearch(trimmed);
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the typed text settles, not when the callbacks change
  useEffect(() => {
    const timer = setTimeout(() => runSearch(text), SEARCH_DELAY);
    return () => clearTimeout(timer);
  }, [text]);

  const applyTags = () => {
    const list = splitList(tags);
    if (list.join(',') === (shown.tags ?? '')) return;
    if (!list.length) return onFilter('tags', undefined);
    const parsed = form.validate({ tags: list });
    if (parsed?.tags) onFilter('tags', parsed.tags.join(','));
  };
  const onEnter = (run: () => void) => (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    run();
  };
  const tagError = Object.entries(form.errors).find(([key]) => key.startsWith('tags'))?.[1];
  const extra = FILTER_KEYS.filter((key) => shown[key] && !CONTROLLED.has(key));
  const select = (key: FilterKey) => ({
    value: shown[key] ?? '',
    onChange: (event: { target: { value: string } }) => onFilter(key, event.target.value || undefined),
  });

  return (
    <div className="space-y-3">
      <search>
        <Field
          label="Search tickets"
          error={form.errors.search}
          hint="Words in the subject and messages, internal notes included. Press / to jump here."
        >
          <Input
            name="q"
            type="search"
            data-queue-search
            maxLength={200}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onKeyDown={onEnter(() => runSearch(text))}
          />
        </Field>
      </search>
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6">
        <MultiSelectField
          label="Status"
          options={ticketStatuses}
          filterKey="status"
          {...{ shown, onFilter }}
        />
        <MultiSelectField
          label="Priority"
          options={ticketPriorities}
          filterKey="priority"
          {...{ shown, onFilter }}
        />
        <Field label="Assignee">
          <Select {...select('assigneeId')}>
            <option value="">Anyone</option>
            <option value="me">Me</option>
            <option value="unassigned">Unassigned</option>
            {agents.map((agent) => (
              <option key={agent.id} value={agent.id}>
                {agent.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Team">
          <Select {...select('teamId')}>
            <option value="">Any team</option>
            <option value="mine">My teams</option>
            <option value="none">No team</option>
            {teams.map((team) => (
              <option key={team.id} value={team.id}>
                {team.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Category">
          <Select {...select('categoryId')}>
            <option value="">Any category</option>
            <option value="none">No category</option>
            {categories.map((category) => (
              <option key={category.id} value={category.id}>
                {category.name}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Tags" error={tagError} hint="All of them; Enter applies">
          <Input
            name="tags"
            value={tags}
            placeholder="vip, billing"
            onChange={(event) => setTags(event.target.value)}
            onBlur={applyTags}
            onKeyDown={onEnter(applyTags)}
          />
        </Field>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {extra.map((key) => (
          <Button key={key} variant="secondary" size="sm" onClick={() => onFilter(key, undefined)}>
            {humanize(key.replace(/Id$/, ''))}: {shown[key]}
            <span aria-hidden>×</span>
            <span className="sr-only">(remove this filter)</span>
          </Button>
        ))}
        {FILTER_KEYS.some((key) => shown[key]) || q ? (
          <Button variant="ghost" size="sm" onClick={onClear}>
            Clear filters and search
          </Button>
        ) : null}
      </div>
    </div>
  );
}

function MultiSelectField({
  label,
  options,
  filterKey,
  shown,
  onFilter,
}: {
  label: string;
  options: readonly string[];
  filterKey: FilterKey;
  shown: FilterSearch;
  onFilter: (key: FilterKey, value: string | undefined) => void;
}) {
  return (
    <MultiSelect
      label={label}
      options={options}
      value={splitList(shown[filterKey] ?? '')}
      onChange={(value) => onFilter(filterKey, value.join(',') || undefined)}
    />
  );
}
