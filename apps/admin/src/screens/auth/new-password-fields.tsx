import { passwordSchema } from '@helpdesk/validators';
import { Field, Input } from '../../components/ui/field.tsx';
import type { FieldErrors, useZodForm } from '../../lib/forms.ts';

/** The shared password policy in words (the schema itself checks it, here and on the server). */
export const PASSWORD_HINT = `At least ${passwordSchema.minLength} characters, and not one of the most common passwords.`;

const REPEAT = 'repeatPassword';

/** A new password and its repetition: a typo in a hidden field would otherwise lock the person out. */
export function NewPasswordFields({
  name,
  label = 'New password',
  errors,
}: {
  name: string;
  label?: string;
  errors: FieldErrors;
}) {
  return (
    <>
      <Field label={label} error={errors[name]} hint={PASSWORD_HINT}>
        <Input name={name} type="password" autoComplete="new-password" required />
      </Field>
      <Field label={`Repeat ${label.toLowerCase()}`} error={errors[REPEAT]}>
        <Input name={REPEAT} type="password" autoComplete="new-password" required />
      </Field>
    </>
  );
}

/**
 * Validates `input` with the form's schema and checks the repetition of `values[name]`, showing
 * every error at once; answers the parsed input only when both pass.
 */
export function validateNewPassword<Output>(
  form: ReturnType<typeof useZodForm<Output>>,
  input: Record<string, unknown>,
  values: Record<string, string>,
  name: string,
): Output | undefined {
  const parsed = form.validate(input);
  if (values[name] === values[REPEAT]) return parsed;
  form.setErrors((errors) => ({ ...errors, [REPEAT]: 'The two passwords are not the same' }));
  return undefined;
}
