import { createSavedViewInput, type TicketFilterInput } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Dialog } from '../../components/ui/dialog.tsx';
import { Field, Input } from '../../components/ui/field.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { errorCode, errorMessage } from '../../lib/errors.ts';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';

interface SaveViewProps {
  filters: TicketFilterInput;
  /** A search is not part of a view: the saved view holds the filters only. */
  searching: boolean;
  onSaved: (viewId: string) => void;
}

/** "Save as view": the filters on screen become a view in the sidebar, with its own count. */
export function SaveViewButton({ filters, searching, onSaved }: SaveViewProps) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)}>
        Save as view
      </Button>
      {open ? (
        <SaveViewDialog
          filters={filters}
          searching={searching}
          onClose={() => setOpen(false)}
          onSaved={(viewId) => {
            setOpen(false);
            onSaved(viewId);
          }}
        />
      ) : null}
    </>
  );
}

function SaveViewDialog({ filters, searching, onClose, onSaved }: SaveViewProps & { onClose: () => void }) {
  const queryClient = useQueryClient();
  const form = useZodForm(createSavedViewInput);
  const create = useMutation(
    trpc.views.create.mutationOptions({
      onSuccess: async (view) => {
        await queryClient.invalidateQueries({ queryKey: trpc.views.pathKey() });
        onSaved(view.id);
      },
      onError: (error) => form.showServerErrors(error),
    }),
  );
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const values = formValues(event.currentTarget);
    const input = form.validate({ name: values.name, filters, shared: values.shared === 'on' });
    // The parsed filters hold Dates; the API takes the filters as they were typed.
    if (input) create.mutate({ ...input, filters });
  };
  const filterError = Object.entries(form.errors).find(([key]) => key.startsWith('filters'))?.[1];
  return (
    <Dialog
      open
      onOpenChange={(open) => (open ? undefined : onClose())}
      title="Save as view"
      description={
        searching
          ? 'The view keeps the current filters; the search text is not saved.'
          : 'The view keeps the current filters and shows their live count.'
      }
    >
      <form onSubmit={submit} noValidate className="space-y-4">
        <Field label="Name" error={form.errors.name}>
          <Input name="name" maxLength={80} autoFocus required />
        </Field>
        <label className="flex items-center gap-2 text-sm text-slate-800">
          <input type="checkbox" name="shared" className="size-4 accent-blue-700" />
          Share with every agent
        </label>
        {filterError ? <Alert>{filterError}</Alert> : null}
        {create.error && errorCode(create.error) !== 'BAD_REQUEST' ? (
          <Alert>{errorMessage(create.error)}</Alert>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" busy={create.isPending}>
            Save view
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
