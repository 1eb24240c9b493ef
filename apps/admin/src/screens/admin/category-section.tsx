import type { RouterOutputs } from '@helpdesk/client';
import { createCategoryInput, updateCategoryInput } from '@helpdesk/validators';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Field, Input, Textarea } from '../../components/ui/field.tsx';
import { EmptyState } from '../../components/ui/states.tsx';
import { ActionsTh, Table, Td, Th, Tr } from '../../components/ui/table.tsx';
import { formValues, useZodForm } from '../../lib/forms.ts';
import { trpc } from '../../lib/trpc.ts';
import {
  DialogActions,
  EditAndActivationActions,
  EditorDialog,
  ReactivationError,
  useEditor,
} from './dialog-parts.tsx';
import { FormAlert, placeError } from './form-parts.tsx';
import { ActiveBadge, ListCard, Loaded, type QueryLike } from './shared.tsx';

type Category = RouterOutputs['categories']['list'][number];

/** Categories have no delete: deactivating keeps them on their tickets and off new ones. */
export function CategorySection({ categories }: { categories: QueryLike<Category[]> }) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string>();
  const editor = useEditor<Category>();
  const setActive = useMutation(
    trpc.categories.update.mutationOptions({
      onSuccess: (category) => {
        setNotice(`${category.name} is ${category.active ? 'active again' : 'deactivated'}.`);
        void queryClient.invalidateQueries({ queryKey: trpc.categories.pathKey() });
      },
    }),
  );

  return (
    <ListCard title="Categories" newLabel="New category" onNew={() => editor.start('new')} notice={notice}>
      <ReactivationError mutation={setActive} />
      <Loaded query={categories} label="Loading categories" what="manage categories">
        {(list) =>
          list.length ? (
            <Table label="Categories">
              <thead>
                <tr>
                  <Th>Name</Th>
                  <Th>Description</Th>
                  <Th>Status</Th>
                  <ActionsTh />
                </tr>
              </thead>
              <tbody>
                {list.map((category) => (
                  <Tr key={category.id}>
                    <Td className="font-medium whitespace-nowrap">{category.name}</Td>
                    <Td className="min-w-48 text-slate-700">{category.description || '—'}</Td>
                    <Td>
                      <ActiveBadge active={category.active} />
                    </Td>
                    <Td>
                      <EditAndActivationActions
                        id={category.id}
                        active={category.active}
                        name={category.name}
                        consequence="New tickets can no longer be filed under it; tickets that have it keep it. You can reactivate it later."
                        mutation={setActive}
                        onEdit={() => editor.start(category)}
                      />
                    </Td>
                  </Tr>
                ))}
              </tbody>
            </Table>
          ) : (
            <EmptyState title="No categories yet">Create one so tickets can be sorted.</EmptyState>
          )
        }
      </Loaded>
      <EditorDialog editor={editor} newTitle="New category" editTitle={(category) => `Edit ${category.name}`}>
        <CategoryForm
          category={editor.item}
          onCancel={editor.close}
          onSaved={(category, created) => {
            editor.close();
            setNotice(created ? `Category ${category.name} created.` : `Category ${category.name} saved.`);
          }}
        />
      </EditorDialog>
    </ListCard>
  );
}

function CategoryForm({
  category,
  onCancel,
  onSaved,
}: {
  category: Category | undefined;
  onCancel: () => void;
  onSaved: (category: Category, created: boolean) => void;
}) {
  const queryClient = useQueryClient();
  const createForm = useZodForm(createCategoryInput);
  const updateForm = useZodForm(updateCategoryInput);
  const form = category ? updateForm : createForm;
  const options = (created: boolean) => ({
    onSuccess: (saved: Category) => {
      void queryClient.invalidateQueries({ queryKey: trpc.categories.pathKey() });
      onSaved(saved, created);
    },
    onError: (error: unknown) => placeError(form, error, 'name'),
  });
  const create = useMutation(trpc.categories.create.mutationOptions(options(true)));
  const update = useMutation(trpc.categories.update.mutationOptions(options(false)));
  const save = category ? update : create;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { name, description } = formValues(event.currentTarget);
    if (category) {
      const input = updateForm.validate({ id: category.id, name, description });
      if (input) update.mutate(input);
    } else {
      const input = createForm.validate({ name, description });
      if (input) create.mutate(input);
    }
  };
  return (
    <form onSubmit={submit} noValidate className="space-y-4">
      <Field label="Name" error={form.errors.name}>
        <Input name="name" defaultValue={category?.name} autoComplete="off" required />
      </Field>
      <Field label="Description" error={form.errors.description} hint="Optional; up to 500 characters.">
        <Textarea name="description" rows={3} defaultValue={category?.description} />
      </Field>
      <FormAlert error={save.error} conflictField="name" />
      <DialogActions
        onCancel={onCancel}
        submitLabel={category ? 'Save category' : 'Create category'}
        busy={save.isPending}
      />
    </form>
  );
}
