import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmDialog, DialogButtons } from '../../components/ui/dialog.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { errorMessage } from '../../lib/errors.ts';

/** The Cancel / submit row at the bottom of every dialog form. */
export function DialogActions({
  onCancel,
  submitLabel,
  busy,
  variant = 'primary',
  onSubmit,
}: {
  onCancel: () => void;
  submitLabel: string;
  busy: boolean;
  variant?: 'primary' | 'danger';
  /** Without it the submit button submits its form. */
  onSubmit?: () => void;
}) {
  return (
    <DialogButtons onCancel={onCancel}>
      <Button type={onSubmit ? 'button' : 'submit'} variant={variant} busy={busy} onClick={onSubmit}>
        {submitLabel}
      </Button>
    </DialogButtons>
  );
}

interface Activation {
  id: string;
  active: boolean;
}

/** A `categories.update` or `customFields.update` mutation, as far as (de)activating needs it. */
export interface ActivationMutation {
  mutate(variables: Activation, options?: { onSuccess?: () => void }): void;
  reset(): void;
  isPending: boolean;
  variables: Partial<Activation> | undefined;
  error: unknown;
}

/** Reactivating is harmless; deactivating takes something away from new tickets, so it asks first. */
export function ActivationButton({
  id,
  active,
  name,
  consequence,
  mutation,
}: Activation & { name: string; consequence: string; mutation: ActivationMutation }) {
  const [confirming, setConfirming] = useState(false);
  const toggle = (next: boolean) =>
    mutation.mutate({ id, active: next }, { onSuccess: () => setConfirming(false) });
  return (
    <>
      <Button
        size="sm"
        variant="ghost"
        busy={mutation.isPending && mutation.variables?.id === id}
        onClick={() => {
          mutation.reset();
          if (active) setConfirming(true);
          else toggle(true);
        }}
      >
        {active ? 'Deactivate' : 'Reactivate'}
        <span className="sr-only"> {name}</span>
      </Button>
      <ConfirmDialog
        open={confirming}
        title={`Deactivate ${name}?`}
        description={consequence}
        confirmLabel="Deactivate"
        busy={mutation.isPending}
        error={mutation.error}
        onConfirm={() => toggle(false)}
        onCancel={() => setConfirming(false)}
      />
    </>
  );
}

/** A failed reactivation (deactivations show theirs in their dialog). */
export function ReactivationError({ mutation }: { mutation: ActivationMutation }) {
  return mutation.error && mutation.variables?.active ? <Alert>{errorMessage(mutation.error)}</Alert> : null;
}
