import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * Which files may be uploaded, and the check that a file is what its name says (ASVS 5.2.2): the
 * extension must be on the allowlist and the bytes must match it. HTML renamed `.png`, SVG,
 * `.htaccess`, `.php` and executables renamed `.pdf` are all refused (osTicket CVE-2017-15580,
 * FreeScout CVE-2026-27636). The stored content type comes from here, never from the request.
 */
export class UploadRefusedError extends Error {
  readonly status: 400 | 413 | 415;

  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.status = status;
    this.name = 'UploadRefusedError';
  }
}

type Kind = 'binary' | 'text' | 'mail';

interface FileType {
  contentType: string;
  kind: Kind;
  /** Checks the first `SNIFF_BYTES` bytes (fewer for a smaller file). */
  matches(head: Buffer): boolean;
}

/** Enough for every signature below, OpenDocument's `mimetype` entry included. */
const SNIFF_BYTES = 512;

const ascii = (head: Buffer, start: number, end: number) => head.subarray(start, end).toString('latin1');
const startsWith =
  (...signatures: (string | number[])[]) =>
  (head: Buffer) =>
    signatures.some((signature) => {
      const bytes = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
      return head.length >= bytes.length && head.subarray(0, bytes.length).equals(bytes);
    });

const ZIP = 'PK\x03\x04';
const zip = startsWith(ZIP);

/** ODF puts an uncompressed `mimetype` entry first in the archive, naming the document type. */
const openDocument = (mimeType: string) => (head: Buffer) => {
  if (!zip(head) || head.length < 38 || head.readUInt16LE(26) !== 8 || ascii(head, 30, 38) !== 'mimetype')
    return false;
  const start = 38 + head.readUInt16LE(28);
  return (
    head.readUInt32LE(18) === mimeType.length && ascii(head, start, start + mimeType.length) === mimeType
  );
};

const anything = () => true;
/** RFC 5322: a message starts with a header field, `Name: value`. */
const mailHeader = (head: Buffer) => /^[!-9;-~]+:/.test(ascii(head, 0, 200)) && head[0] !== 0x3c;

const TEXT_TYPE = (contentType: string): FileType => ({ contentType, kind: 'text', matches: anything });
const BINARY_TYPE = (contentType: string, matches: (head: Buffer) => boolean): FileType => ({
  contentType,
  kind: 'binary',
  matches,
});

const OOXML = 'application/vnd.openxmlformats-officedocument';
const ODF = 'application/vnd.oasis.opendocument';
const jpeg = BINARY_TYPE('image/jpeg', startsWith([0xff, 0xd8, 0xff]));

const FILE_TYPES: Readonly<Record<string, FileType>> = {
  pdf: BINARY_TYPE('application/pdf', startsWith('%PDF-')),
  png: BINARY_TYPE('image/png', startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  jpg: jpeg,
  jpeg,
  gif: BINARY_TYPE('image/gif', startsWith('GIF87a', 'GIF89a')),
  webp: BINARY_TYPE('image/webp', (head) => ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP'),
  // An empty archive is only an end-of-central-directory record.
  zip: BINARY_TYPE('application/zip', startsWith(ZIP, 'PK\x05\x06')),
  docx: BINARY_TYPE(`${OOXML}.wordprocessingml.document`, zip),
  xlsx: BINARY_TYPE(`${OOXML}.spreadsheetml.sheet`, zip),
  pptx: BINARY_TYPE(`${OOXML}.presentationml.presentation`, zip),
  odt: BINARY_TYPE(`${ODF}.text`, openDocument(`${ODF}.text`)),
  ods: BINARY_TYPE(`${ODF}.spreadsheet`, openDocument(`${ODF}.spreadsheet`)),
  txt: TEXT_TYPE('text/plain; charset=utf-8'),
  log: TEXT_TYPE('text/plain; charset=utf-8'),
  csv: TEXT_TYPE('text/csv; charset=utf-8'),
  eml: { contentType: 'message/rfc822', kind: 'mail', matches: mailHeader },
};

export const ALLOWED_EXTENSIONS = Object.keys(FILE_TYPES);

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const UNSAFE_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
const MAX_FILENAME = 255;

/**
 * The name to keep and show: the last path segment, without control characters or bidirectional
 * overrides (`invoice\u202Efdp.exe`), at most 255 characters with the extension kept.
 */
export function cleanFilename(raw: string): string {
  const base = raw.normalize('NFC').split(/[/\\]/).at(-1) ?? '';
  const name = base.replace(UNSAFE_CHARACTERS, '').trim();
  if (!name) throw new UploadRefusedError(400, 'The file has no name');
  const characters = Array.from(name);
  if (characters.length <= MAX_FILENAME) return name;
  const extension = extensionOf(name);
  const keep = extension ? MAX_FILENAME - extension.length - 1 : MAX_FILENAME;
  return characters.slice(0, keep).join('') + (extension ? `.${extension}` : '');
}

/** `report.PDF` → `pdf`; a name without one, or only a leading dot (`.htaccess`), has none. */
function extensionOf(name: string): string | null {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : null;
}

export interface AcceptedType {
  extension: string;
  contentType: string;
  type: FileType;
}

/** The allowlisted type a (clean) filename names, or 415. */
export function acceptedTypeOf(filename: string): AcceptedType {
  const extension = extensionOf(filename);
  const type = extension && Object.hasOwn(FILE_TYPES, extension) ? FILE_TYPES[extension] : undefined;
  if (!extension || !type)
    throw new UploadRefusedError(
      415,
      `This type of file is not accepted; allowed: ${ALLOWED_EXTENSIONS.join(', ')}`,
    );
  return { extension, contentType: type.contentType, type };
}

const WHITESPACE = new Set([0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Passes the bytes through while counting, hashing (SHA-256) and checking them, so that nothing
 * is ever held in memory whole: more than `maxBytes` is a 413; content that does not match the
 * type is a 415 as soon as it shows. Text must be UTF-8 without NUL bytes and must not look like
 * markup (no `<` first), so that no browser can be talked into rendering it as HTML or SVG.
 */
export class UploadInspector extends Transform {
  private readonly accepted: AcceptedType;
  private readonly maxBytes: number;
  private readonly hash = createHash('sha256');
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private head = Buffer.alloc(0);
  private headChecked = false;
  /** Text: still only whitespace so far (the first other character must not be `<`). */
  private blank = true;
  size = 0;
  /** Hex SHA-256 of the bytes, once they have all passed. */
  sha256 = '';

  constructor(accepted: AcceptedType, maxBytes: number) {
    super();
    this.accepted = accepted;
    this.maxBytes = maxBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.inspect(chunk);
      done(null, chunk);
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.size === 0) throw new UploadRefusedError(400, 'The file is empty');
      if (!this.headChecked) this.checkHead();
      if (this.accepted.type.kind === 'text') this.decodeText();
      this.sha256 = this.hash.digest('hex');
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private inspect(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes)
      throw new UploadRefusedError(413, `The file is larger than ${this.maxBytes} bytes`);
    this.hash.update(chunk);
    const { kind } = this.accepted.type;
    if (kind !== 'binary' && chunk.includes(0)) this.mismatch();
    if (kind === 'text') this.decodeText(chunk);
    let rest = chunk;
    if (!this.headChecked) {
      const taken = chunk.subarray(0, SNIFF_BYTES - this.head.length);
      this.head = Buffer.concat([this.head, taken]);
      if (this.head.length < SNIFF_BYTES) return;
      this.checkHead();
      rest = chunk.subarray(taken.length);
    }
    if (kind === 'text' && this.blank) this.checkLeadingText(rest);
  }

  private checkHead(): void {
    this.headChecked = true;
    if (!this.accepted.type.matches(this.head)) this.mismatch();
    if (this.accepted.type.kind === 'text') {
      const start = this.head.subarray(0, 3).equals(UTF8_BOM) ? 3 : 0;
      this.checkLeadingText(this.head.subarray(start));
    }
  }

  private checkLeadingText(bytes: Buffer): void {
    for (const byte of bytes) {
      if (WHITESPACE.has(byte)) continue;
      if (byte === 0x3c) this.mismatch();
      this.blank = false;
      return;
    }
  }

  /** Streaming UTF-8 validation; without a chunk it checks that no sequence was left unfinished. */
  private decodeText(chunk?: Buffer): void {
    try {
      if (chunk) this.decoder.decode(chunk, { stream: true });
      else this.decoder.decode();
    } catch {
      this.mismatch();
    }
  }

  private mismatch(): never {
    throw new UploadRefusedError(
      415,
      `The content of this file does not match its .${this.accepted.extension} extension`,
    );
  }
}
