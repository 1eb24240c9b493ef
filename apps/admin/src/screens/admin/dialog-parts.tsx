import { type ReactNode, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmDialog, Dialog, DialogButtons } from '../../components/ui/dialog.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { RowActions } from './shared.tsx';

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

/** The buttons of a configuration row that is edited in a dialog and deactivated rather than deleted. */
export function EditAndActivationActions(
  props: Activation & { name: string; consequence: string; mutation: ActivationMutation; onEdit: () => void },
) {
  const { onEdit, ...activation } = props;
  return (
    <RowActions>
      <Button size="sm" variant="secondary" onClick={onEdit}>
        Edit<span className="sr-only"> {props.name}</span>
      </Button>
      <ActivationButton {...activation} />
    </RowActions>
  );
}

/** A failed reactivation (deactivations show theirs in their dialog). */
export function ReactivationError({ mutation }: { mutation: ActivationMutation }) {
  return mutation.error && mutation.variables?.active ? <Alert>{errorMessage(mutation.error)}</Alert> : null;
}

/** Which item a create-or-edit dialog is open for: an existing one, a new one, or none. */
export function useEditor<T>() {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  return {
    open: editing !== null,
    /** The item being edited; undefined while creating one. */
    item: editing === 'new' || editing === null ? undefined : editing,
    start: (item: T | 'new') => setEditing(item),
    close: () => setEditing(null),
  };
}

export type Editor<T> = ReturnType<typeof useEditor<T>>;

/** The dialog of an editor: "New …" while creating, "Edit <name>" while editing. */
export function EditorDialog<T>({
  editor,
  newTitle,
  editTitle,
  children,
}: {
  editor: Editor<T>;
  newTitle: string;
  editTitle: (item: T) => string;
  children: ReactNode;
}) {
  return (
    <Dialog
      open={editor.open}
      onOpenChange={(open) => (open ? undefined : editor.close())}
      title={editor.item ? editTitle(editor.item) : newTitle}
    >
      {children}
    </Dialog>
  );
}
