import { Field, Input } from '../../components/ui/field.tsx';
import type { FieldErrors } from '../../lib/forms.ts';

export const APP_CODE_LABEL = 'Code from your authenticator app';

/** The app's code or, when the phone is lost, one of the recovery codes. */
export function SecondFactorField({
  useRecovery,
  errors,
  autoFocus,
}: {
  useRecovery: boolean;
  errors: FieldErrors;
  autoFocus?: boolean;
}) {
  return useRecovery ? (
    <Field
      label="Recovery code"
      error={errors.recoveryCode ?? errors._form}
      hint="One of the codes you saved when you turned on two-factor sign-in."
    >
      <Input name="recoveryCode" autoComplete="off" autoFocus={autoFocus} required />
    </Field>
  ) : (
    <Field label={APP_CODE_LABEL} error={errors.code ?? errors._form}>
      <Input name="code" inputMode="numeric" autoComplete="one-time-code" autoFocus={autoFocus} required />
    </Field>
  );
}

/** The factor part of an input (`{ code }` or `{ recoveryCode }`), as the union schemas expect. */
export function secondFactorValue(values: Record<string, string>, useRecovery: boolean) {
  return useRecovery
    ? { recoveryCode: values.recoveryCode?.trim() ?? '' }
    : { code: values.code?.replace(/\s/g, '') ?? '' };
}

/** The link-styled switch between the two kinds of factor. */
export function SecondFactorSwitch({
  useRecovery,
  onChange,
}: {
  useRecovery: boolean;
  onChange: (useRecovery: boolean) => void;
}) {
  return (
    <button type="button" className="text-sm text-blue-800 underline" onClick={() => onChange(!useRecovery)}>
      {useRecovery ? 'Use an app code' : 'Use a recovery code'}
    </button>
  );
}
