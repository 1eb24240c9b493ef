import type { RouterOutputs } from '@helpdesk/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createRoute } from '@tanstack/react-router';
import { useState } from 'react';
import { Button } from '../../components/ui/button.tsx';
import { ConfirmDialog } from '../../components/ui/dialog.tsx';
import { Badge, PageHeader } from '../../components/ui/layout.tsx';
import { Alert, EmptyState } from '../../components/ui/states.tsx';
import { ActionsTh, Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { formatDateTime, humanize, timeAgo } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { appLayoutRoute } from '../../routes/layout.tsx';
import { CannedPreviewDialog } from './canned-preview.tsx';
import { CannedResponseForm } from './canned-response-form.tsx';
import { EditorDialog, useEditor } from './dialog-parts.tsx';
import { Loaded, RowActions, useMe } from './shared.tsx';

export const cannedResponsesRoute = createRoute({
  getParentRoute: () => appLayoutRoute,
  path: '/manage/canned-responses',
  component: CannedResponsesScreen,
});

type CannedResponse = RouterOutputs['cannedResponses']['list'][number];

/** Open to agents too: everyone keeps personal responses; admins also look after the shared ones. */
function CannedResponsesScreen() {
  const me = useMe();
  const queryClient = useQueryClient();
  const responses = useQuery(trpc.cannedResponses.list.queryOptions());
  const [notice, setNotice] = useState<string>();
  const editor = useEditor<CannedResponse>();
  const [previewing, setPreviewing] = useState<CannedResponse | null>(null);
  const [deleting, setDeleting] = useState<CannedResponse | null>(null);
  const remove = useMutation(
    trpc.cannedResponses.delete.mutationOptions({
      onSuccess: () => {
        setNotice(`${deleting?.title ?? 'The canned response'} was deleted.`);
        setDeleting(null);
        void queryClient.invalidateQueries({ queryKey: trpc.cannedResponses.pathKey() });
      },
    }),
  );
  // The API's rule: personal ones by their owner, shared ones by admins.
  const mayChange = (response: CannedResponse) =>
    response.shared ? me.role === 'admin' : response.owner.id === me.id;

  return (
    <>
      <PageHeader
        title="Canned responses"
        description={
          me.role === 'admin'
            ? 'Saved replies with placeholders. Shared ones are offered to every agent; personal ones only to their author.'
            : 'Saved replies with placeholders. Yours are personal; shared ones are kept by the admins.'
        }
        actions={<Button onClick={() => editor.start('new')}>New canned response</Button>}
      />
      <div className="space-y-4">
        {notice ? <Alert tone="success">{notice}</Alert> : null}
        <Loaded query={responses} label="Loading canned responses">
          {(list) =>
            list.length ? (
              <Table label="Canned responses">
                <thead>
                  <tr>
                    <Th>Title</Th>
                    <Th>Kept by</Th>
                    <Th>Also sets</Th>
                    <Th>Updated</Th>
                    <ActionsTh />
                  </tr>
                </thead>
                <tbody>
                  {list.map((response) => (
                    <Tr key={response.id}>
                      <Td className="min-w-48">
                        <span className="font-medium">{response.title}</span>
                        <span className="block max-w-md truncate text-slate-600">{response.body}</span>
                      </Td>
                      <Td className="whitespace-nowrap">
                        {response.shared ? <Badge tone="blue">Shared</Badge> : <Badge>Personal</Badge>}
                        <span className="block text-slate-600">{response.owner.name}</span>
                      </Td>
                      <Td className="min-w-36 text-slate-700">{effects(response) || '—'}</Td>
                      <Td className="whitespace-nowrap">
                        <time dateTime={response.updatedAt} title={formatDateTime(response.updatedAt)}>
                          {timeAgo(response.updatedAt)}
                        </time>
                      </Td>
                      <Td>
                        <RowActions>
                          <Button size="sm" variant="secondary" onClick={() => setPreviewing(response)}>
                            Preview<span className="sr-only"> {response.title}</span>
                          </Button>
                          {mayChange(response) ? (
                            <>
                              <Button size="sm" variant="secondary" onClick={() => editor.start(response)}>
                                Edit<span className="sr-only"> {response.title}</span>
                              </Button>
                              <Button
                                size="sm"
                                variant="ghost"
                                onClick={() => {
                                  remove.reset();
                                  setDeleting(response);
                                }}
                              >
                                Delete<span className="sr-only"> {response.title}</span>
                              </Button>
                            </>
                          ) : null}
                        </RowActions>
                      </Td>
                    </Tr>
                  ))}
                </tbody>
              </Table>
            ) : (
              <EmptyState title="No canned responses yet">
                Save the replies you write again and again, with placeholders for the customer's name and the
                ticket.
              </EmptyState>
            )
          }
        </Loaded>
      </div>
      <EditorDialog
        editor={editor}
        newTitle="New canned response"
        editTitle={(response) => `Edit ${response.title}`}
      >
        <CannedResponseForm
          response={editor.item}
          onCancel={editor.close}
          onSaved={(saved, created) => {
            editor.close();
            setNotice(created ? `${saved.title} created.` : `${saved.title} saved.`);
          }}
        />
      </EditorDialog>
      <CannedPreviewDialog response={previewing} onClose={() => setPreviewing(null)} />
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.title ?? ''}?`}
        description={
          deleting?.shared
            ? 'Every agent loses this shared response. This cannot be undone.'
            : 'This cannot be undone.'
        }
        confirmLabel="Delete"
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ id: deleting.id })}
        onCancel={() => setDeleting(null)}
      />
    </>
  );
}

/** What applying the response changes on the ticket besides the reply. */
function effects(response: CannedResponse): string {
  return [
    response.setStatus ? `Status: ${humanize(response.setStatus)}` : null,
    response.setPriority ? `Priority: ${humanize(response.setPriority)}` : null,
    response.addTags.length ? `Tags: ${response.addTags.join(', ')}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}
