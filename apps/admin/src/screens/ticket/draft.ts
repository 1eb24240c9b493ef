import { useEffect, useState } from 'react';

export interface Draft {
  body: string;
  internal: boolean;
}

const EMPTY: Draft = { body: '', internal: false };
const keyOf = (ticketId: string) => `helpdesk.ticket-draft.${ticketId}`;

function read(ticketId: string): Draft {
  try {
    const stored = JSON.parse(sessionStorage.getItem(keyOf(ticketId)) ?? 'null') as Partial<Draft> | null;
    return { body: String(stored?.body ?? ''), internal: stored?.internal === true };
  } catch {
    return EMPTY;
  }
}

/**
 * The reply being written, kept in this tab's session storage: a reload, a conflict, an error
 * screen or a detour to another ticket never loses what was typed. Cleared once sent.
 */
export function useDraft(ticketId: string) {
  const [draft, setDraft] = useState(() => read(ticketId));
  useEffect(() => {
    try {
      if (draft.body) sessionStorage.setItem(keyOf(ticketId), JSON.stringify(draft));
      else sessionStorage.removeItem(keyOf(ticketId));
    } catch {
      // Storage may be full or disabled; the draft still lives in memory.
    }
  }, [ticketId, draft]);
  return [draft, setDraft] as const;
}
