import { Button } from '../../components/ui/button.tsx';
import type { TicketEditor } from './editor.ts';

/**
 * Someone else changed the ticket first. Nothing the user did is lost: their change waits here
 * (a reply waits in the composer) until they have seen the latest version and choose to re-apply.
 */
export function ConflictAlert({ editor }: { editor: TicketEditor }) {
  const { conflict } = editor;
  if (!conflict) return null;
  const isReply = conflict.changes === null;
  return (
    <div
      role="alert"
      data-testid="conflict"
      className="rounded-lg border border-amber-400 bg-amber-50 p-4 text-sm text-amber-950"
    >
      <p className="font-semibold">Someone else changed this ticket before you.</p>
      {conflict.reloaded ? (
        <p className="mt-1">
          You are now looking at the latest version.{' '}
          {isReply
            ? 'Your reply is still in the composer: check it and send it again.'
            : `Re-apply your change (${conflict.label}) if it still makes sense.`}
        </p>
      ) : (
        <p className="mt-1">
          {isReply
            ? 'Your reply was not sent; it is still in the composer.'
            : `Your change (${conflict.label}) was not saved; it is kept here.`}{' '}
          Load the latest version to see what changed.
        </p>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {conflict.reloaded ? (
          isReply ? null : (
            <Button size="sm" onClick={editor.reapply} busy={editor.updating}>
              Re-apply my change
            </Button>
          )
        ) : (
          <Button size="sm" onClick={() => void editor.reload()} busy={editor.reloading}>
            Load the latest version
          </Button>
        )}
        <Button size="sm" variant="secondary" onClick={editor.dismissConflict}>
          {conflict.reloaded || isReply ? 'Dismiss' : 'Discard my change'}
        </Button>
      </div>
    </div>
  );
}
