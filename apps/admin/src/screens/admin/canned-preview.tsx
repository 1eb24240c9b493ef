import type { RouterOutputs } from '@helpdesk/client';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { Dialog } from '../../components/ui/dialog.tsx';
import { Field, Select } from '../../components/ui/field.tsx';
import { EmptyState } from '../../components/ui/states.tsx';
import { trpc } from '../../lib/trpc.ts';
import { Loaded } from './shared.tsx';

type CannedResponse = RouterOutputs['cannedResponses']['list'][number];

/** The response as a ticket's customer would read it: placeholders filled in by the API. */
export function CannedPreviewDialog({
  response,
  onClose,
}: {
  response: CannedResponse | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={response !== null}
      onOpenChange={(open) => (open ? undefined : onClose())}
      title={`Preview: ${response?.title ?? ''}`}
      description="Placeholders are filled in from the ticket you choose; nothing is sent."
    >
      {response ? <Preview response={response} /> : null}
      <div className="flex justify-end pt-4">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Dialog>
  );
}

function Preview({ response }: { response: CannedResponse }) {
  // The most recently updated tickets: the ones an agent is likely to answer next.
  const tickets = useQuery(trpc.tickets.list.queryOptions({ limit: 20 }));
  const [chosen, setChosen] = useState<string>();
  const ticketId = chosen ?? tickets.data?.items[0]?.id;
  const preview = useQuery({
    ...trpc.cannedResponses.preview.queryOptions({ id: response.id, ticketId: ticketId ?? '' }),
    enabled: Boolean(ticketId),
  });

  return (
    <Loaded query={tickets} label="Loading tickets">
      {({ items }) =>
        items.length ? (
          <div className="space-y-3">
            <Field label="Ticket">
              <Select value={ticketId} onChange={(event) => setChosen(event.target.value)}>
                {items.map((ticket) => (
                  <option key={ticket.id} value={ticket.id}>
                    {ticket.reference} · {ticket.subject} ({ticket.requester.name})
                  </option>
                ))}
              </Select>
            </Field>
            <div aria-live="polite">
              <Loaded query={preview} label="Filling in placeholders">
                {({ body }) => (
                  <section
                    aria-label="Preview"
                    className="rounded-md border border-slate-200 bg-slate-50 p-3 text-sm break-words whitespace-pre-wrap text-slate-900"
                  >
                    {body}
                  </section>
                )}
              </Loaded>
            </div>
          </div>
        ) : (
          <EmptyState title="No ticket to preview with">The preview needs a ticket to fill in.</EmptyState>
        )
      }
    </Loaded>
  );
}
