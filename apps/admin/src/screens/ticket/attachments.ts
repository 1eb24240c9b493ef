import { type AppRouter, TRPCClientError } from '@helpdesk/client';

/** A file chosen in the composer; `id` once uploaded, so a retried send never uploads it twice. */
export interface PendingFile {
  key: number;
  file: File;
  id?: string;
}

/**
 * `POST /attachments` stages one file and answers its id, which a reply then references. Its
 * errors have tRPC's shape, so they become the same error the rest of the app handles (an
 * UNAUTHORIZED here ends the session like any other call).
 */
export async function uploadAttachment(file: File): Promise<string> {
  const body = new FormData();
  body.append('file', file, file.name);
  const response = await fetch('/attachments', { method: 'POST', body, credentials: 'same-origin' });
  const answer = (await response.json().catch(() => null)) as UploadAnswer | null;
  if (response.ok && answer && 'id' in answer) return answer.id;
  const refused = answer && 'error' in answer ? answer : undefined;
  const reason = refused?.error.message ?? `The upload failed (HTTP ${response.status})`;
  throw new TRPCClientError<AppRouter>(
    `${file.name}: ${reason}`,
    refused ? { result: refused as never } : {},
  );
}

type UploadAnswer = { id: string } | { error: { message: string; code: number; data: unknown } };

export function attachmentUrl(id: string): string {
  return `/attachments/${encodeURIComponent(id)}`;
}

const sizeFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${sizeFormat.format(bytes / 1024)} KB`;
  return `${sizeFormat.format(bytes / (1024 * 1024))} MB`;
}
