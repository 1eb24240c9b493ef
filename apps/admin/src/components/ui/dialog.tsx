import { Dialog as RadixDialog } from 'radix-ui';
import type { ReactNode } from 'react';
import { errorMessage } from '../../lib/errors.ts';
import { Button } from './button.tsx';
import { Alert } from './states.tsx';

interface DialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: string;
  children: ReactNode;
}

/** A modal with a focus trap, Escape to close and a labelled title (Radix). */
export function Dialog({ open, onOpenChange, title, description, children }: DialogProps) {
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="fixed inset-0 bg-slate-900/50" />
        <RadixDialog.Content
          className="fixed top-1/2 left-1/2 max-h-[90vh] w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 overflow-y-auto rounded-lg bg-white p-6 shadow-xl"
          {...(description ? {} : { 'aria-describedby': undefined })}
        >
          <RadixDialog.Title className="text-lg font-semibold text-slate-900">{title}</RadixDialog.Title>
          {description ? (
            <RadixDialog.Description className="mt-1 text-sm text-slate-600">
              {description}
            </RadixDialog.Description>
          ) : null}
          <div className="mt-4">{children}</div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}

/** Cancel, then the dialog's own action(s), at the end of a dialog. */
export function DialogButtons({ onCancel, children }: { onCancel: () => void; children: ReactNode }) {
  return (
    <div className="flex flex-wrap justify-end gap-2 pt-2">
      <Button variant="secondary" onClick={onCancel}>
        Cancel
      </Button>
      {children}
    </div>
  );
}

interface ConfirmDialogProps {
  open?: boolean;
  title: string;
  description: string;
  confirmLabel: string;
  busy: boolean;
  /** The action's failure stays in the dialog, next to the choice (there is no field to show it at). */
  error: unknown;
  onConfirm: () => void;
  onCancel: () => void;
  variant?: 'primary' | 'danger';
}

/** Asks before a destructive action. */
export function ConfirmDialog({ open = true, variant = 'danger', ...props }: ConfirmDialogProps) {
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => (next ? undefined : props.onCancel())}
      title={props.title}
      description={props.description}
    >
      <div className="space-y-3">
        {props.error ? <Alert>{errorMessage(props.error)}</Alert> : null}
        <DialogButtons onCancel={props.onCancel}>
          <Button variant={variant} busy={props.busy} onClick={props.onConfirm}>
            {props.confirmLabel}
          </Button>
        </DialogButtons>
      </div>
    </Dialog>
  );
}
