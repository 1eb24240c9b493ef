import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Dialog } from '../../components/ui/dialog.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { actionMessage } from './shared.tsx';

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
    <div className="flex flex-wrap justify-end gap-2 pt-2">
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      <Button type={onSubmit ? 'button' : 'submit'} variant={variant} busy={busy} onClick={onSubmit}>
        {submitLabel}
      </Button>
    </div>
  );
}

/** Asks before a destructive action; the action's failure stays in the dialog, next to the choice. */
export function ConfirmDialog({
  open,
  title,
  description,
  confirmLabel,
  busy,
  error,
  onConfirm,
  onCancel,
  variant = 'danger',
}: {
  open: boolean;
  title: string;
  description: string;
  confirmLabel: string;
  busy: boolean;
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
  variant?: 'primary' | 'danger';
}) {
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : onCancel())}
      title={title}
      description={description}
    >
      <div className="space-y-3">
        {error ? <Alert>{actionMessage(error)}</Alert> : null}
        <DialogActions
          onCancel={onCancel}
          submitLabel={confirmLabel}
          busy={busy}
          variant={variant}
          onSubmit={onConfirm}
        />
      </div>
    </Dialog>
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
  return mutation.error && mutation.variables?.active ? <Alert>{actionMessage(mutation.error)}</Alert> : null;
}
