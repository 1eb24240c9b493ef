import fastifyMultipart from '@fastify/multipart';
import {
  type Actor,
  type ApiConfig,
  attachmentRules,
  createContext,
  type FileStorage,
  NotFoundError,
  UploadRefusedError,
} from '@helpdesk/api';
import { sessionCookieName, sessionCookieOptions } from '@helpdesk/auth';
import { idSchema } from '@helpdesk/validators';
import { type TRPC_ERROR_CODE_KEY, TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { bearerToken } from './trpc.ts';

export interface AttachmentsPluginOptions {
  api: ApiConfig;
  storage: FileStorage;
  /** The largest file one upload may carry (ATTACHMENT_MAX_BYTES). */
  maxBytes: number;
  secureCookies: boolean;
  /** The clock (tests move it). */
  now?: () => Date;
}

/** Room for the multipart framing around the file (boundaries, part headers). */
const MULTIPART_OVERHEAD = 64 * 1024;

/** Errors in tRPC's shape, so a front-end handles them like any other call's. */
function refuse(reply: FastifyReply, status: number, code: TRPC_ERROR_CODE_KEY, message: string) {
  return reply.code(status).send({
    error: {
      message,
      code: TRPC_ERROR_CODES_BY_KEY[code],
      data: { code, httpStatus: status, requestId: reply.request.id },
    },
  });
}

const STATUS_CODES: Record<UploadRefusedError['status'], TRPC_ERROR_CODE_KEY> = {
  400: 'BAD_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * RFC 6266: an ASCII fallback for old clients plus the exact name in RFC 5987 encoding. CR, LF,
 * quotes and backslashes never reach the header; `%` is left out of the fallback, which some
 * browsers would percent-decode.
 */
export function contentDisposition(filename: string): string {
  const name = filename.replace(/[\r\n"\\]/g, '');
  const fallback = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]|%/gu, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * `POST /attachments` (one file in the multipart field `file`) stages an upload;
 * `GET /attachments/:id` downloads one. Both authenticate like tRPC (session cookie or bearer
 * token) before reading any body; the cross-site check in the security plugin has already run.
 * Multipart parsing is registered here only, for these routes.
 */
export const attachmentsPlugin: FastifyPluginAsync<AttachmentsPluginOptions> = async (app, options) => {
  const now = options.now ?? (() => new Date());
  const cookieName = sessionCookieName(options.secureCookies);
  const { storage, maxBytes } = options;
  const actors = new WeakMap<FastifyRequest, Actor>();

  await app.register(fastifyMultipart, {
    // One more byte than allowed reaches the inspector, which answers 413 for it.
    limits: { fileSize: maxBytes + 1, files: 1, fields: 0, parts: 1, headerPairs: 10 },
  });

  /** An `onRequest` hook: the signed-in actor, or 401 before the body is read. */
  async function authenticate(request: FastifyRequest, reply: FastifyReply) {
    const bearer = bearerToken(request);
    const cookie = request.cookies[cookieName] ?? null;
    const context = await createContext({
      em: request.em,
      config: options.api,
      now,
      request: { requestId: request.id, ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
      sessionToken: bearer ?? cookie,
      tokenSource: bearer ? 'bearer' : cookie ? 'cookie' : null,
      cookies: {
        set: (token, expiresAt) =>
          void reply.setCookie(cookieName, token, sessionCookieOptions(options.secureCookies, expiresAt)),
        clear: () =>
          void reply.clearCookie(cookieName, sessionCookieOptions(options.secureCookies, new Date(0))),
      },
    });
    if (!context.actor) {
      // An upload's body is not read: the connection closes after the answer.
      if (request.method === 'POST') reply.header('connection', 'close');
      return refuse(reply, 401, 'UNAUTHORIZED', 'Sign in first');
    }
    actors.set(request, context.actor);
  }

  const actorOf = (request: FastifyRequest) => actors.get(request) as Actor;

  app.post('/attachments', { onRequest: authenticate }, async (request, reply) => {
    const refused = (status: UploadRefusedError['status'], message: string) => {
      // The rest of an unwanted body is not read: the connection closes after the answer.
      reply.header('connection', 'close');
      request.log.info({ event: 'attachment.refused', status, message }, 'upload refused');
      return refuse(reply, status, STATUS_CODES[status], message);
    };
    if (Number(request.headers['content-length'] ?? 0) > maxBytes + MULTIPART_OVERHEAD)
      return refused(413, `The file is larger than ${maxBytes} bytes`);
    if (!request.isMultipart()) return refused(415, 'Send the file as multipart/form-data');

    let stored: attachmentRules.StoredUpload | null = null;
    try {
      const parts = request.parts();
      const first = await parts.next();
      if (first.done || first.value.type !== 'file' || first.value.fieldname !== 'file')
        throw new UploadRefusedError(400, 'Send one file in the form field "file"');
      const { filename, file } = first.value;
      stored = await attachmentRules.storeUpload(storage, { filename, stream: file, maxBytes });
      if (!(await parts.next()).done) throw new UploadRefusedError(400, 'Send one file per request');
    } catch (error) {
      if (stored) await storage.remove(stored.storageKey);
      if (error instanceof UploadRefusedError) return refused(error.status, error.message);
      // A failure of our disk is ours (500); anything else while reading the body is the request's.
      if (error instanceof Error && 'syscall' in error) {
        reply.header('connection', 'close');
        throw error;
      }
      return refused(400, 'Malformed upload: send one file in the form field "file"');
    }
    try {
      const view = await attachmentRules.stageUpload(
        request.em,
        storage,
        actorOf(request),
        stored,
        options.api.attachments.maxTicketBytes,
        now(),
      );
      return reply.code(201).send(view);
    } catch (error) {
      if (error instanceof UploadRefusedError) return refused(error.status, error.message);
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>(
    '/attachments/:id',
    { onRequest: authenticate },
    async (request, reply) => {
      const notFound = () => {
        // Denials are logged (guessing ids shows up here); the answer never says why.
        request.log.info(
          { event: 'attachment.denied', id: request.params.id.slice(0, 64) },
          'attachment refused',
        );
        return refuse(reply, 404, 'NOT_FOUND', 'Attachment not found');
      };
      const id = idSchema.safeParse(request.params.id);
      if (!id.success) return notFound();
      let attachment: Awaited<ReturnType<typeof attachmentRules.findDownloadableAttachment>>;
      try {
        attachment = await attachmentRules.findDownloadableAttachment(request.em, actorOf(request), id.data);
      } catch (error) {
        if (error instanceof NotFoundError) return notFound();
        throw error;
      }
      const stream = await storage.open(attachment.storageKey, attachment.size).catch((error: unknown) => {
        request.log.error({ err: error, attachmentId: attachment.id }, 'attachment file missing');
        return null;
      });
      if (!stream) return notFound();
      return reply
        .header('content-type', attachment.contentType)
        .header('content-length', String(attachment.size))
        .header('content-disposition', contentDisposition(attachment.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'")
        .header('cache-control', 'private, no-store')
        .send(stream);
    },
  );
};
