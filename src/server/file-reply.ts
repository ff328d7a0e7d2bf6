import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A whole-book file as the download routes send it. */
export interface DownloadFile {
  readonly bytes: Uint8Array;
  /** The name offered to the browser or e-reader (may be Chinese). */
  readonly fileName: string;
  readonly contentType: string;
  /** SHA-256 of the bytes, hex (computed when absent). */
  readonly digest?: string | undefined;
}

/**
 * `attachment` with an ASCII `filename` for old clients and the real name as RFC 5987
 * `filename*` (UTF-8, percent-encoded), which browsers and e-readers prefer.
 */
function attachmentDisposition(fileName: string, asciiName: string): string {
  // encodeURIComponent leaves ' ( ) * unencoded; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encoded}`;
}

/**
 * Sends a book file for download: its type and length, the file name, an ETag from its digest
 * (a repeat download of the same file answers 304), private caching that revalidates.
 */
export function sendDownload(
  request: FastifyRequest,
  reply: FastifyReply,
  file: DownloadFile,
  asciiName: string,
) {
  const digest = file.digest ?? createHash('sha256').update(file.bytes).digest('hex');
  const etag = `"${digest.slice(0, 32)}"`;
  reply
    .header('cache-control', 'private, no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('content-disposition', attachmentDisposition(file.fileName, asciiName));
  return sendTagged(request, reply, etag, file.contentType, file.bytes);
}

/**
 * Sends `bytes` under `etag` (set here), or 304 when the client's If-None-Match names it; the
 * caller sets the other headers (caching, disposition) first.
 */
export function sendTagged(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  contentType: string,
  bytes: Uint8Array,
) {
  reply.header('etag', etag);
  const match = request.headers['if-none-match'];
  if (match !== undefined && match.split(/\s*,\s*/).some((tag) => tag === etag || tag === '*'))
    return reply.code(304).send();
  return reply
    .type(contentType)
    .header('content-length', bytes.byteLength)
    .send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}
