import { Badge } from '../../components/ui/layout.tsx';
import { EmptyState } from '../../components/ui/states.tsx';
import { formatDateTime, timeAgo } from '../../lib/format.ts';
import { attachmentUrl, formatSize } from './attachments.ts';
import type { Ticket } from './editor.ts';

type Message = Ticket['messages'][number];

/** Who said what, oldest first. Internal notes look nothing like replies: the customer never sees them. */
export function Conversation({ ticket }: { ticket: Ticket }) {
  return (
    <section aria-labelledby="conversation-heading">
      <h2 id="conversation-heading" className="mb-3 text-base font-semibold text-slate-900">
        Conversation
      </h2>
      {ticket.messages.length === 0 ? (
        <EmptyState title="No messages yet" />
      ) : (
        <ol className="space-y-4">
          {ticket.messages.map((message) => (
            <li key={message.id}>
              <MessageCard message={message} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function MessageCard({ message }: { message: Message }) {
  const tone = message.internal
    ? 'border-amber-300 border-l-4 border-l-amber-500 bg-amber-50'
    : message.author.staff
      ? 'border-slate-200 border-l-4 border-l-blue-700 bg-white'
      : 'border-slate-200 bg-white';
  const kind = message.internal ? 'Internal note' : message.author.staff ? 'Reply' : 'Customer';
  return (
    <article
      aria-label={`${kind} by ${message.author.name}`}
      data-internal={message.internal || undefined}
      className={`rounded-lg border p-4 shadow-sm ${tone}`}
    >
      <header className="flex flex-wrap items-center gap-x-2 gap-y-1">
        <h3 className="font-semibold text-slate-900">{message.author.name}</h3>
        {message.internal ? (
          <Badge tone="yellow">Internal note</Badge>
        ) : message.author.staff ? (
          <Badge tone="blue">Public reply</Badge>
        ) : (
          <Badge>Customer</Badge>
        )}
        <time
          dateTime={message.createdAt}
          title={formatDateTime(message.createdAt)}
          className="ml-auto text-xs text-slate-600"
        >
          {timeAgo(message.createdAt)}
        </time>
      </header>
      <p className="mt-2 text-sm whitespace-pre-wrap text-slate-900 [overflow-wrap:anywhere]">
        {message.body}
      </p>
      {message.attachments.length ? (
        <ul aria-label="Attachments" className="mt-3 flex flex-wrap gap-2">
          {message.attachments.map((attachment) => (
            <li key={attachment.id} className="min-w-0 max-w-full">
              <a
                href={attachmentUrl(attachment.id)}
                download={attachment.filename}
                className="inline-flex max-w-full items-center gap-1 rounded border border-slate-300 bg-white px-2 py-1 text-sm text-blue-800 underline hover:bg-slate-50"
              >
                <span className="truncate">{attachment.filename}</span>
                <span className="shrink-0 text-xs text-slate-600 no-underline">
                  ({formatSize(attachment.size)})
                </span>
              </a>
            </li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}
