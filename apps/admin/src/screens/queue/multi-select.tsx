import { Popover } from 'radix-ui';
import { useId } from 'react';
import { humanize } from '../../lib/format.ts';

interface MultiSelectProps {
  label: string;
  options: readonly string[];
  value: readonly string[];
  onChange: (value: string[]) => void;
}

/**
 * Several values of one filter (statuses, priorities) behind a compact button: a popover with a
 * labelled checkbox per value. The button names the filter and what it holds, so it needs no
 * separate label.
 */
export function MultiSelect({ label, options, value, onChange }: MultiSelectProps) {
  const id = useId();
  const summary =
    value.length === 0
      ? 'Any'
      : value.length <= 2
        ? value.map(humanize).join(', ')
        : `${value.length} selected`;
  const toggle = (option: string, on: boolean) =>
    // Kept in the options' order, so the same choice always makes the same URL.
    onChange(options.filter((item) => (item === option ? on : value.includes(item))));
  return (
    <div className="space-y-1">
      <span className="block text-sm font-medium text-slate-800" aria-hidden>
        {label}
      </span>
      <Popover.Root>
        <Popover.Trigger asChild>
          <button
            type="button"
            aria-label={`${label}: ${summary}`}
            className="flex w-full min-w-32 items-center justify-between gap-2 rounded-md border border-slate-400 bg-white px-3 py-2 text-left text-sm text-slate-900"
          >
            <span className="truncate">{summary}</span>
            <span aria-hidden className="text-slate-600">
              ▾
            </span>
          </button>
        </Popover.Trigger>
        <Popover.Portal>
          <Popover.Content
            align="start"
            sideOffset={4}
            className="z-40 w-56 rounded-md border border-slate-200 bg-white p-3 shadow-lg"
          >
            <fieldset>
              <legend className="mb-2 text-sm font-semibold text-slate-900">{label}</legend>
              <ul className="space-y-1">
                {options.map((option) => (
                  <li key={option}>
                    <label
                      htmlFor={`${id}-${option}`}
                      className="flex items-center gap-2 rounded px-1 py-1 text-sm text-slate-800 hover:bg-slate-100"
                    >
                      <input
                        id={`${id}-${option}`}
                        type="checkbox"
                        className="size-4 accent-blue-700"
                        checked={value.includes(option)}
                        onChange={(event) => toggle(option, event.target.checked)}
                      />
                      {humanize(option)}
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            {value.length ? (
              <button
                type="button"
                onClick={() => onChange([])}
                className="mt-2 text-sm text-blue-800 underline"
              >
                Any {label.toLowerCase()}
              </button>
            ) : null}
          </Popover.Content>
        </Popover.Portal>
      </Popover.Root>
    </div>
  );
}
