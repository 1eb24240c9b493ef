import { pipeline, type Readable } from 'node:stream';
import { Attachment, type EntityManager, kyselyOf, type Message, rowWriteLock, Ticket } from '@helpdesk/db';
import type { Actor } from '../context.ts';
import { NotFoundError, TooLargeError } from '../errors.ts';
import { type AttachmentView, toAttachmentView } from '../mappers/attachments.ts';
import {
  acceptedTypeOf,
  cleanFilename,
  UploadInspector,
  UploadRefusedError,
} from '../services/file-types.ts';
import { type FileStorage, newStorageKey } from '../services/storage.ts';
import { isStaff } from '../trpc.ts';
import { visibleTicket } from './access.ts';

/**
 * Attachments: a file is uploaded first (staged: no ticket, usable and visible only to its
 * uploader), then attached to the message of a reply or a new ticket in that write's transaction.
 * Download rights are exactly the rights to read that message; everything else is NOT_FOUND, so
 * an id says nothing about whether it exists (osTicket #2615, FreeScout CVE-2026-40496).
 */

/** ATTACHMENT_MAX_TICKET_BYTES's default, for callers without a configuration. */
export const DEFAULT_MAX_TICKET_BYTES = 50 * 1024 * 1024;

/** Staged uploads not attached within this time are purged. */
export const STAGED_UPLOAD_LIFETIME_MS = 24 * 3_600_000;

export interface StoredUpload {
  storageKey: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
}

/**
 * Checks the name against the allowlist, then streams the bytes through the inspector (size,
 * SHA-256, magic bytes) into storage under a generated key. On any refusal or error nothing stays
 * in storage; the caller removes `storageKey` if it refuses the upload later.
 */
export async function storeUpload(
  storage: FileStorage,
  upload: { filename: string; stream: Readable; maxBytes: number },
): Promise<StoredUpload> {
  const filename = cleanFilename(upload.filename);
  const accepted = acceptedTypeOf(filename);
  const inspector = new UploadInspector(accepted, upload.maxBytes);
  const storageKey = newStorageKey();
  try {
    // An error on either side (a refusal, a broken request) tears down both streams.
    await storage.save(
      storageKey,
      pipeline(upload.stream, inspector, () => {}),
    );
  } catch (error) {
    await storage.remove(storageKey);
    throw error;
  }
  return {
    storageKey,
    filename,
    contentType: accepted.contentType,
    size: inspector.size,
    sha256: inspector.sha256,
  };
}

/**
 * Records a stored file as the actor's staged upload. Staged uploads of one user may not add up
 * to more than one ticket can hold (a per-user quota, ASVS 5.2.1); over it is 413. On refusal the
 * file is removed.
 */
export async function stageUpload(
  em: EntityManager,
  storage: FileStorage,
  actor: Actor,
  stored: StoredUpload,
  maxStagedBytes: number,
  now: Date,
): Promise<AttachmentView> {
  try {
    return await em.transactional(async (tx) => {
      const row = await kyselyOf(tx)
        .selectFrom('attachments')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('size'), eb.lit(0)).as('total'))
        .where('uploader_id', '=', actor.id)
        .where('message_id', 'is', null)
        .where('ticket_id', 'is', null)
        .executeTakeFirst();
      if (Number(row?.total ?? 0) + stored.size > maxStagedBytes)
        throw new UploadRefusedError(
          413,
          'Too many files waiting to be attached; attach or wait for them to expire',
        );
      const attachment = tx.create(Attachment, {
        uploader: actor.id,
        ticket: null,
        message: null,
        filename: stored.filename,
        contentType: stored.contentType,
        size: stored.size,
        sha256: stored.sha256,
        storageKey: stored.storageKey,
        createdAt: now,
      });
      await tx.flush();
      return toAttachmentView(attachment);
    });
  } catch (error) {
    await storage.remove(stored.storageKey);
    throw error;
  }
}

/** Bytes already attached to a ticket's messages (through the messages: merges move messages). */
async function attachedBytes(tx: EntityManager, ticketId: string): Promise<number> {
  const row = await kyselyOf(tx)
    .selectFrom('attachments')
    .innerJoin('messages', 'messages.id', 'attachments.message_id')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('attachments.size'), eb.lit(0)).as('total'))
    .where('messages.ticket_id', '=', ticketId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

export interface AttachTarget {
  ticket: Ticket;
  message: Message;
  /** A ticket created in this transaction holds nothing yet (and may have no id until flushed). */
  newTicket: boolean;
  /** The most bytes one ticket may hold. */
  maxTicketBytes: number;
}

/**
 * Attaches the actor's own staged uploads to a message, in the caller's transaction (which must
 * hold the ticket's row lock when the ticket exists). Someone else's upload, an already attached
 * one or an unknown id: NOT_FOUND. Over the per-ticket total: PAYLOAD_TOO_LARGE (413).
 */
export async function attachUploads(
  tx: EntityManager,
  actor: Actor,
  ids: readonly string[] | undefined,
  target: AttachTarget,
): Promise<Attachment[]> {
  const wanted = [...new Set(ids ?? [])];
  if (wanted.length === 0) return [];
  // Locked (MySQL) so that two replies cannot both take the same staged upload.
  const uploads = await tx.find(
    Attachment,
    { id: { $in: wanted }, uploader: actor.id, ticket: null, message: null },
    { ...rowWriteLock(tx), orderBy: { createdAt: 'asc', id: 'asc' } },
  );
  if (uploads.length !== wanted.length) throw new NotFoundError('Attachment');
  const adding = uploads.reduce((total, upload) => total + upload.size, 0);
  const held = target.newTicket ? 0 : await attachedBytes(tx, target.ticket.id);
  if (held + adding > target.maxTicketBytes) {
    throw new TooLargeError(`A ticket can hold at most ${target.maxTicketBytes} bytes of attachments`);
  }
  for (const upload of uploads) {
    upload.ticket = target.ticket;
    upload.message = target.message;
  }
  return uploads;
}

/** The attachments of these messages, in one query, oldest first. */
export async function attachmentsOfMessages(
  em: EntityManager,
  messageIds: readonly string[],
): Promise<Attachment[]> {
  if (messageIds.length === 0) return [];
  return em.find(
    Attachment,
    { message: { $in: [...messageIds] } },
    { orderBy: { createdAt: 'asc', id: 'asc' } },
  );
}

/**
 * An attachment the actor may download: a staged upload only for its uploader; an attached one
 * for whoever may read its ticket, and not for customers when it belongs to an internal note.
 * Anything else is NOT_FOUND, never FORBIDDEN.
 */
export async function findDownloadableAttachment(
  em: EntityManager,
  actor: Actor,
  id: string,
): Promise<Attachment> {
  const attachment = await em.findOne(Attachment, { id }, { populate: ['message'] });
  if (!attachment) throw new NotFoundError('Attachment');
  const message = attachment.message;
  // The message is the truth about where an attachment lives (merging moves messages).
  const ticketId = message ? message.ticket.id : attachment.ticket?.id;
  if (!ticketId) {
    if (attachment.uploader.id !== actor.id) throw new NotFoundError('Attachment');
    return attachment;
  }
  if (message?.internal && !isStaff(actor)) throw new NotFoundError('Attachment');
  const ticket = await em.findOne(Ticket, visibleTicket(actor, ticketId), { fields: ['id'] });
  if (!ticket) throw new NotFoundError('Attachment');
  return attachment;
}

/**
 * Removes staged uploads older than 24 h: rows first (locked, so an upload being attached at the
 * same moment is either attached or gone, never both), then their files. Answers how many went.
 */
export async function purgeStaleUploads(
  em: EntityManager,
  storage: FileStorage,
  now: Date,
  batchSize = 500,
): Promise<number> {
  const cutoff = new Date(now.getTime() - STAGED_UPLOAD_LIFETIME_MS);
  let purged = 0;
  for (;;) {
    const keys = await em.fork().transactional(async (tx) => {
      const stale = await tx.find(
        Attachment,
        { ticket: null, message: null, createdAt: { $lt: cutoff } },
        { ...rowWriteLock(tx), fields: ['id', 'storageKey'], limit: batchSize, orderBy: { id: 'asc' } },
      );
      if (stale.length > 0) await tx.nativeDelete(Attachment, { id: { $in: stale.map((row) => row.id) } });
      return stale.map((row) => row.storageKey);
    });
    for (const key of keys) await storage.remove(key);
    purged += keys.length;
    if (keys.length < batchSize) return purged;
  }
}
