import type { Attachment } from '@helpdesk/db';

/** What anyone who may see an attachment learns about it: never its storage key or uploader. */
export interface AttachmentView {
  id: string;
  filename: string;
  size: number;
  contentType: string;
}

export function toAttachmentView(attachment: Attachment): AttachmentView {
  return {
    id: attachment.id,
    filename: attachment.filename,
    size: attachment.size,
    contentType: attachment.contentType,
  };
}
