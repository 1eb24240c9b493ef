import { useState } from 'react';
import { fieldErrors } from './errors.ts';

/** What a zod schema from `@helpdesk/validators` offers a form (no direct zod import needed). */
export interface FormSchema<Output> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: Output }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export type FieldErrors = Record<string, string | undefined>;

/** The first message per field path (`a.b`), as forms show them next to fields. */
export function issuesToFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_form';
    errors[key] ??= issue.message;
  }
  return errors;
}

/**
 * Client-side validation with the same schema the server uses, plus the server's own field
 * errors after a BAD_REQUEST: one map the form renders next to each field.
 */
export function useZodForm<Output>(schema: FormSchema<Output>) {
  const [errors, setErrors] = useState<FieldErrors>({});
  return {
    errors,
    setErrors,
    /** The parsed value, or undefined after showing the field errors. */
    validate(values: unknown): Output | undefined {
      const result = schema.safeParse(values);
      if (result.success) {
        setErrors({});
        return result.data;
      }
      setErrors(issuesToFieldErrors(result.error.issues));
      return undefined;
    },
    /** Shows the server's field errors of a failed mutation; answers whether there were any. */
    showServerErrors(error: unknown): boolean {
      const server = fieldErrors(error);
      const mapped: FieldErrors = {};
      for (const [key, messages] of Object.entries(server)) mapped[key] = messages[0];
      setErrors(mapped);
      return Object.keys(mapped).length > 0;
    },
  };
}

/** The string values of a submitted form, e.g. `formValues(event.currentTarget)`. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of new FormData(form)) if (typeof value === 'string') values[key] = value;
  return values;
}
