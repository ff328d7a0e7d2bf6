import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendTagged } from './file-reply.ts';

/**
 * An SVG cover opened directly (not through <img>) is a document on Linhai's origin: this policy
 * keeps any script inside it from running there (no script source, and a sandbox without
 * allow-scripts), while its own inline styles still draw.
 */
const svgCoverPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/**
 * Sends a cover from the store: its type by content, an ETag (a repeat view answers 304), kept by
 * the browser for a day — private unless `shared` (a public book's cover, which a shared cache may
 * serve to anyone).
 */
export function sendCover(
  request: FastifyRequest,
  reply: FastifyReply,
  cover: { readonly contentType: string; readonly bytes: Uint8Array },
  shared = false,
) {
  const etag = `"${createHash('sha256').update(cover.bytes).digest('base64url').slice(0, 27)}"`;
  reply
    .header('cache-control', `${shared ? 'public' : 'private'}, max-age=86400`)
    .header('x-content-type-options', 'nosniff');
  if (cover.contentType === 'image/svg+xml')
    reply.header('content-security-policy', svgCoverPolicy);
  return sendTagged(request, reply, etag, cover.contentType, cover.bytes);
}
