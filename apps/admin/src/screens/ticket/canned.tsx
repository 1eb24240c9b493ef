import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Field, Select } from '../../components/ui/field.tsx';
import { Alert, ErrorState, Spinner } from '../../components/ui/states.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { trpc } from '../../lib/trpc.ts';

/**
 * Picks a canned response and hands over its text with the placeholders filled in for this
 * ticket (the server renders them), to be edited before sending like anything typed.
 */
export function CannedPicker({
  ticketId,
  disabled,
  onInsert,
}: {
  ticketId: string;
  disabled?: boolean;
  onInsert: (text: string) => void;
}) {
  const queryClient = useQueryClient();
  const responses = useQuery({ ...trpc.cannedResponses.list.queryOptions(), staleTime: 60_000 });
  const [inserting, setInserting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const insert = async (id: string) => {
    if (!id) return;
    setInserting(true);
    setError(null);
    try {
      const { body } = await queryClient.fetchQuery(
        trpc.cannedResponses.preview.queryOptions({ id, ticketId }, { staleTime: 0 }),
      );
      onInsert(body);
    } catch (failure) {
      setError(failure);
    } finally {
      setInserting(false);
    }
  };

  if (responses.isError) return <ErrorState error={responses.error} retry={() => void responses.refetch()} />;
  if (responses.isSuccess && responses.data.length === 0)
    return (
      <p className="text-sm text-slate-600">
        No canned responses yet.{' '}
        <Link to="/manage/canned-responses" className="text-blue-800 underline">
          Write one
        </Link>
      </p>
    );
  return (
    <div className="space-y-2">
      <div className="flex items-end gap-3">
        <Field label="Insert a canned response" className="min-w-0 flex-1">
          <Select
            value=""
            disabled={disabled || inserting || !responses.data}
            onChange={(event) => void insert(event.currentTarget.value)}
          >
            <option value="">{responses.isPending ? 'Loading…' : 'Choose a response…'}</option>
            {responses.data?.map((response) => (
              <option key={response.id} value={response.id}>
                {response.title}
                {response.shared ? '' : ' (mine)'}
              </option>
            ))}
          </Select>
        </Field>
        {inserting ? (
          <span className="pb-2">
            <Spinner label="Inserting" />
          </span>
        ) : null}
      </div>
      {error ? <Alert>Could not insert the canned response: {errorMessage(error)}</Alert> : null}
    </div>
  );
}
