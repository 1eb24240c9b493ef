import { type InputHTMLAttributes, type ReactNode, useId } from 'react';
import { Alert } from '../../components/ui/states.tsx';
import { errorCode, errorMessage, fieldErrors } from '../../lib/errors.ts';
import type { FieldErrors } from '../../lib/forms.ts';

interface FormErrorsLike {
  showServerErrors(error: unknown): boolean;
  setErrors(errors: FieldErrors): void;
}

/**
 * Puts a failed save's reason next to its field: the server's field errors, or a CONFLICT (a name
 * or address already taken) on `conflictField`. `FormAlert` shows whatever did not fit a field.
 */
export function placeError(form: FormErrorsLike, error: unknown, conflictField?: string) {
  if (form.showServerErrors(error)) return;
  if (conflictField && errorCode(error) === 'CONFLICT')
    form.setErrors({ [conflictField]: errorMessage(error) });
}

export function FormAlert({ error, conflictField }: { error: unknown; conflictField?: string }) {
  if (!error) return null;
  if (Object.keys(fieldErrors(error)).length > 0) return null;
  if (conflictField && errorCode(error) === 'CONFLICT') return null;
  return <Alert>{errorMessage(error)}</Alert>;
}

/** The first error of a list field: the list itself (`options`) or one of its items (`options.2`). */
export function listError(errors: FieldErrors, field: string): string | undefined {
  if (errors[field]) return errors[field];
  const item = Object.entries(errors).find(([key, message]) => key.startsWith(`${field}.`) && message);
  return item?.[1];
}

/** One entry per line, blank lines left out: how forms take lists such as a field's options. */
export function lines(value: string | undefined): string[] {
  return (value ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

export function CheckboxField({
  label,
  hint,
  ...props
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'type'> & { label: string; hint?: ReactNode }) {
  const id = useId();
  return (
    <div className="flex items-start gap-2">
      <input
        {...props}
        id={id}
        type="checkbox"
        value="true"
        aria-describedby={hint ? `${id}-hint` : undefined}
        className="mt-0.5 size-4 shrink-0 accent-blue-700"
      />
      <div>
        <label htmlFor={id} className="text-sm font-medium text-slate-800">
          {label}
        </label>
        {hint ? (
          <p id={`${id}-hint`} className="text-xs text-slate-600">
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}
