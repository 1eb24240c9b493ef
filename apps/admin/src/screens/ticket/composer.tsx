import { replyToTicketInput, type TicketStatus, ticketStatuses } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { EnumOptions, Field, Input, Select, Textarea } from '../../components/ui/field.tsx';
import { Alert } from '../../components/ui/states.tsx';
import { errorCode, errorMessage } from '../../lib/errors.ts';
import { useZodForm } from '../../lib/forms.ts';
import { helpdesk, trpc } from '../../lib/trpc.ts';
import { formatSize, type PendingFile, uploadAttachment } from './attachments.ts';
import { CannedPicker } from './canned.tsx';
import { useDraft } from './draft.ts';
import { invalidateTicket, mergeSummary, type TicketEditor } from './editor.ts';

/** Files are uploaded only once the message is valid; until then a stand-in id lets the shared schema count them. */
const NOT_YET_UPLOADED = '0'.repeat(26);

const modes = [
  { internal: false, label: 'Public reply' },
  { internal: true, label: 'Internal note' },
] as const;

/** A public reply or an internal note, with canned text, attachments and an optional status change. */
export function Composer({ editor }: { editor: TicketEditor }) {
  const { ticket } = editor;
  const queryClient = useQueryClient();
  const form = useZodForm(replyToTicketInput);
  const [draft, setDraft] = useDraft(ticket.id);
  const [files, setFiles] = useState<PendingFile[]>([]);
  const [thenStatus, setThenStatus] = useState('');
  const messageBox = useRef<HTMLDivElement>(null);
  const nextKey = useRef(0);

  const send = useMutation({
    mutationFn: async (input: { body: string; internal: boolean; status?: TicketStatus }) => {
      const attachmentIds = await Promise.all(
        files.map(async (pending) => {
          if (pending.id) return pending.id;
          const id = await uploadAttachment(pending.file);
          setFiles((current) => current.map((file) => (file.key === pending.key ? { ...file, id } : file)));
          return id;
        }),
      );
      return helpdesk.tickets.reply.mutate({
        ticketId: ticket.id,
        ...input,
        ...(attachmentIds.length ? { attachmentIds } : {}),
      });
    },
    onSuccess: (result) => {
      queryClient.setQueryData(trpc.tickets.get.queryKey({ id: ticket.id }), (old) =>
        old ? { ...old, messages: [...old.messages, result.message] } : old,
      );
      mergeSummary(queryClient, result.ticket);
      setDraft((current) => ({ ...current, body: '' }));
      setFiles([]);
      setThenStatus('');
      return invalidateTicket(queryClient, ticket);
    },
    onError: (error) => {
      if (errorCode(error) === 'CONFLICT') editor.reportConflict('your reply');
      else form.showServerErrors(error);
    },
  });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = form.validate({
      ticketId: ticket.id,
      body: draft.body,
      internal: draft.internal,
      attachmentIds: files.map((file) => file.id ?? NOT_YET_UPLOADED),
      ...(thenStatus ? { status: thenStatus } : {}),
    });
    // The status travels with the message: both happen, or neither.
    if (input)
      send.mutate({
        body: input.body,
        internal: input.internal,
        ...(input.status ? { status: input.status } : {}),
      });
  };

  const insert = (text: string) => {
    const element = messageBox.current?.querySelector('textarea');
    const start = element?.selectionStart ?? draft.body.length;
    const end = element?.selectionEnd ?? draft.body.length;
    setDraft((current) => ({
      ...current,
      body: current.body.slice(0, start) + text + current.body.slice(end),
    }));
    requestAnimationFrame(() => {
      element?.focus();
      element?.setSelectionRange(start + text.length, start + text.length);
    });
  };

  const failure =
    send.error && errorCode(send.error) !== 'CONFLICT' && !Object.keys(form.errors).length
      ? send.error
      : null;
  const attachmentsError = Object.entries(form.errors).find(([key]) => key.startsWith('attachmentIds'))?.[1];
  const locked = editor.closed || send.isPending;

  return (
    <section
      aria-labelledby="composer-heading"
      className={`rounded-lg border p-4 shadow-sm ${draft.internal ? 'border-amber-300 bg-amber-50' : 'border-slate-200 bg-white'}`}
    >
      <h2 id="composer-heading" className="mb-3 text-base font-semibold text-slate-900">
        {draft.internal ? 'Add an internal note' : 'Reply to the customer'}
      </h2>
      {editor.closed ? (
        <div className="mb-3">
          <Alert tone="info">This ticket is closed and can no longer be answered.</Alert>
        </div>
      ) : null}
      <form onSubmit={submit} noValidate className="space-y-4">
        <fieldset className="inline-flex rounded-md border border-slate-400 bg-white p-0.5">
          <legend className="sr-only">Message type</legend>
          {modes.map((mode) => (
            <label
              key={mode.label}
              className="relative rounded px-3 py-1.5 text-sm font-medium text-slate-800 has-checked:bg-slate-800 has-checked:text-white"
            >
              <input
                type="radio"
                name="mode"
                // Invisible but covering its label: clicks, focus and the focus ring are the radio's own.
                className="absolute inset-0 cursor-pointer appearance-none rounded"
                checked={draft.internal === mode.internal}
                disabled={locked}
                onChange={() => setDraft((current) => ({ ...current, internal: mode.internal }))}
              />
              {mode.label}
            </label>
          ))}
        </fieldset>
        <CannedPicker ticketId={ticket.id} disabled={locked} onInsert={insert} />
        <div ref={messageBox}>
          <Field
            label="Message"
            error={form.errors.body ?? form.errors._form}
            hint={
              draft.internal
                ? 'Only agents see internal notes. @agent1 (an email name) notifies that agent.'
                : undefined
            }
          >
            <Textarea
              rows={6}
              value={draft.body}
              readOnly={locked}
              onChange={(event) => {
                const body = event.currentTarget.value;
                setDraft((current) => ({ ...current, body }));
              }}
              onKeyDown={(event) => {
                if (event.key === 'Enter' && (event.ctrlKey || event.metaKey))
                  event.currentTarget.form?.requestSubmit();
              }}
            />
          </Field>
        </div>
        <div className="space-y-2">
          <Field label="Attach files" error={attachmentsError} hint="Documents, images, text and mail files.">
            <Input
              type="file"
              multiple
              disabled={locked}
              onChange={(event) => {
                const chosen = [...(event.currentTarget.files ?? [])];
                setFiles((current) => [
                  ...current,
                  ...chosen.map((file) => ({ key: nextKey.current++, file })),
                ]);
                event.currentTarget.value = '';
              }}
            />
          </Field>
          {files.length ? (
            <ul aria-label="Files to send" className="space-y-1">
              {files.map((pending) => (
                <li key={pending.key} className="flex items-center gap-2 text-sm text-slate-800">
                  <span className="min-w-0 truncate">{pending.file.name}</span>
                  <span className="shrink-0 text-xs text-slate-600">
                    {formatSize(pending.file.size)}
                    {pending.id ? ' · uploaded' : ''}
                  </span>
                  <Button
                    variant="ghost"
                    size="sm"
                    disabled={send.isPending}
                    aria-label={`Remove ${pending.file.name}`}
                    onClick={() => setFiles((current) => current.filter((file) => file.key !== pending.key))}
                  >
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
        {failure ? <Alert>{errorMessage(failure)}</Alert> : null}
        <div className="flex flex-wrap items-end justify-between gap-3">
          <Field label="Then set status" className="w-full sm:w-56">
            <Select
              value={thenStatus}
              disabled={locked}
              onChange={(event) => setThenStatus(event.currentTarget.value)}
            >
              <option value="">Leave as it is</option>
              <EnumOptions values={ticketStatuses} />
            </Select>
          </Field>
          <Button type="submit" busy={send.isPending} disabled={editor.closed} className="w-full sm:w-auto">
            {draft.internal ? 'Add internal note' : 'Send reply'}
          </Button>
        </div>
      </form>
    </section>
  );
}
