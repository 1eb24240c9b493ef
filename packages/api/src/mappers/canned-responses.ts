import type { CannedResponse } from '@helpdesk/db';
import type { TicketPriority, TicketStatus } from '@helpdesk/validators';
import { type PersonRef, toPersonRef } from './users.ts';

export interface CannedResponseView {
  id: string;
  title: string;
  /** As written, placeholders and all; `preview` renders it for a ticket. */
  body: string;
  setStatus: TicketStatus | null;
  setPriority: TicketPriority | null;
  addTags: string[];
  shared: boolean;
  owner: PersonRef;
  createdAt: string;
  updatedAt: string;
}

/** Needs `owner` loaded. */
export function toCannedResponseView(response: CannedResponse): CannedResponseView {
  return {
    id: response.id,
    title: response.title,
    body: response.body,
    setStatus: response.setStatus ?? null,
    setPriority: response.setPriority ?? null,
    addTags: [...response.addTags],
    shared: response.shared,
    owner: toPersonRef(response.owner),
    createdAt: response.createdAt.toISOString(),
    updatedAt: response.updatedAt.toISOString(),
  };
}
