import type { RouterOutputs } from '@helpdesk/client';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { EmptyState } from '../../components/ui/states.tsx';
import { ActionsTh, Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { humanize } from '../../lib/format.ts';
import { trpc } from '../../lib/trpc.ts';
import { CustomFieldForm } from './custom-field-form.tsx';
import { EditAndActivationActions, EditorDialog, ReactivationError, useEditor } from './dialog-parts.tsx';
import { ActiveBadge, ListCard, Loaded } from './shared.tsx';

type Category = RouterOutputs['categories']['list'][number];
type CustomField = RouterOutputs['customFields']['list'][number];

/** Field definitions have no delete either: ticket values were written for them. */
export function CustomFieldSection({ categories }: { categories: Category[] }) {
  const queryClient = useQueryClient();
  const fields = useQuery(trpc.customFields.list.queryOptions());
  const [notice, setNotice] = useState<string>();
  const editor = useEditor<CustomField>();
  const setActive = useMutation(
    trpc.customFields.update.mutationOptions({
      onSuccess: (field) => {
        setNotice(`${field.label} is ${field.active ? 'active again' : 'deactivated'}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.customFields.pathKey() });
      },
    }),
  );
  const categoryName = (id: string | null) =>
    id ? (categories.find((category) => category.id === id)?.name ?? 'A category') : 'Every ticket';

  return (
    <ListCard title="Custom fields" newLabel="New field" onNew={() => editor.start('new')} notice={notice}>
      <ReactivationError mutation={setActive} />
      <Loaded query={fields} label="Loading custom fields" what="manage custom fields">
        {(list) =>
          list.length ? (
            <Table label="Custom fields">
              <thead>
                <tr>
                  <Th>Label</Th>
                  <Th>Type</Th>
                  <Th>Options</Th>
                  <Th>Applies to</Th>
                  <Th>Order</Th>
                  <Th>Status</Th>
                  <ActionsTh />
                </tr>
              </thead>
              <tbody>
                {list.map((field) => (
                  <Tr key={field.id}>
                    <Td>
                      <span className="font-medium whitespace-nowrap">{field.label}</span>
                      <code className="block text-xs text-slate-600">{field.key}</code>
                    </Td>
                    <Td className="whitespace-nowrap">
                      {humanize(field.type)}
                      {field.required ? <span className="block text-xs text-slate-600">Required</span> : null}
                    </Td>
                    <Td className="min-w-40 text-slate-700">{field.options.join(', ') || '—'}</Td>
                    <Td className="whitespace-nowrap">{categoryName(field.categoryId)}</Td>
                    <Td>{field.position}</Td>
                    <Td>
                      <ActiveBadge active={field.active} />
                    </Td>
                    <Td>
                      <EditAndActivationActions
                        id={field.id}
                        active={field.active}
                        name={field.label}
                        consequence="Ticket forms stop showing it; values already on tickets stay. You can reactivate it later."
                        mutation={setActive}
                        onEdit={() => editor.start(field)}
                      />
                    </Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          ) : (
            <EmptyState title="No custom fields yet">
              Add fields such as an order number or a plan, for every ticket or one category.
            </EmptyState>
          )
        }
      </Loaded>
      <EditorDialog editor={editor} newTitle="New custom field" editTitle={(field) => `Edit ${field.label}`}>
        <CustomFieldForm
          field={editor.item}
          categories={categories}
          onCancel={editor.close}
          onSaved={(field, created) => {
            editor.close();
            setNotice(created ? `Field ${field.label} created.` : `Field ${field.label} saved.`);
          }}
        />
      </EditorDialog>
    </ListCard>
  );
}
