import { useEffect, useRef } from 'react';

interface ShortcutHandlers {
  /** Moves the highlight by one row (j: +1, k: -1). */
  move: (step: 1 | -1) => void;
  open: () => void;
  toggle: () => void;
  focusSearch: () => void;
}

const TYPING_INPUTS = new Set(['text', 'search', 'email', 'number', 'password', 'url', 'tel', 'date']);

/** Letters typed into a field are text, not commands; a select takes letters to pick options. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  if (target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && TYPING_INPUTS.has(target.type);
}

/** Enter on a link, button or checkbox is that control's own; only Enter on the page opens a row. */
function isControl(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('a, button, input, select, textarea, summary') !== null;
}

/**
 * The queue's keys: j/k move, Enter opens, x selects, / searches. Ignored while typing, with a
 * modifier held (browser shortcuts), and while a dialog or popover has the focus.
 */
export function useQueueShortcuts(handlers: ShortcutHandlers) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (isTyping(event.target)) return;
      if (
        event.target instanceof Element &&
        event.target.closest('[role="dialog"], [data-radix-popper-content-wrapper]')
      )
        return;
      const run = latest.current;
      if (event.key === 'j') run.move(1);
      else if (event.key === 'k') run.move(-1);
      else if (event.key === 'x') run.toggle();
      else if (event.key === '/') run.focusSearch();
      else if (event.key === 'Enter' && !isControl(event.target)) run.open();
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}

const SHORTCUTS: [string, string][] = [
  ['j', 'next ticket'],
  ['k', 'previous ticket'],
  ['Enter', 'open it'],
  ['x', 'select it'],
  ['/', 'search'],
];

export function ShortcutsHint() {
  return (
    <section aria-labelledby="shortcuts-heading" className="hidden text-xs text-slate-600 md:block">
      <h2 id="shortcuts-heading" className="sr-only">
        Keyboard shortcuts
      </h2>
      <p className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span aria-hidden className="font-medium text-slate-700">
          Keyboard shortcuts:
        </span>
        {SHORTCUTS.map(([key, action]) => (
          <span key={key}>
            <kbd className="rounded border border-slate-300 bg-white px-1.5 py-0.5 font-mono text-slate-800">
              {key}
            </kbd>{' '}
            {action}
          </span>
        ))}
      </p>
    </section>
  );
}
