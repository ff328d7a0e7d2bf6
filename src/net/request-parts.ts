/**
 * Small pieces of request and response handling: URL checks, body encoding, Retry-After, lazy
 * decoding of the response text.
 */
import { LinhaiError } from '#model';
import { decodeBody, encodeText, encodeUrl, percentEncodeNonAscii } from './charset.ts';
import type { FetchResponse } from './types.ts';

/** Parses and checks a request URL, encoding its query in the charset. */
export function requestUrl(raw: string, charset: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(encodeUrl(raw, charset));
  } catch (cause) {
    throw new LinhaiError('invalid-input', `not a URL: ${raw}`, { details: { url: raw }, cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LinhaiError('invalid-input', `only http and https URLs are fetched: ${raw}`, {
      details: { url: raw },
    });
  }
  if (url.hash) url.hash = '';
  return url;
}

/** Encodes a string body in the charset; form bodies get their non-ASCII percent-encoded. */
export function requestBody(
  body: string | Uint8Array | undefined,
  headers: Record<string, string>,
  charset: string | undefined,
): Uint8Array | undefined {
  if (body === undefined || body instanceof Uint8Array) return body;
  const trimmed = body.trimStart();
  headers['content-type'] ??=
    trimmed.startsWith('{') || trimmed.startsWith('[')
      ? `application/json; charset=${charset ?? 'utf-8'}`
      : 'application/x-www-form-urlencoded';
  if (headers['content-type'].includes('x-www-form-urlencoded')) {
    return new TextEncoder().encode(percentEncodeNonAscii(body, charset));
  }
  return encodeText(body, charset);
}

/** Retry-After in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000; // "120"
  const date = Date.parse(value); // "Wed, 21 Oct 2015 07:28:00 GMT"
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A response whose text is decoded on first use (binary bodies such as covers never are). */
export function makeResponse(parts: {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
  notModified: boolean;
  elapsedMs: number;
  charset: string | undefined;
}): FetchResponse {
  let decoded: { text: string; charset: string } | undefined;
  const decode = () => {
    if (!decoded) {
      decoded =
        parts.body.length === 0
          ? { text: '', charset: 'utf-8' }
          : decodeBody(parts.body, {
              contentType: parts.headers['content-type'],
              override: parts.charset,
            });
    }
    return decoded;
  };
  return {
    url: parts.url,
    status: parts.status,
    headers: parts.headers,
    body: parts.body,
    notModified: parts.notModified,
    elapsedMs: parts.elapsedMs,
    get text() {
      return decode().text;
    },
    get charset() {
      return decode().charset;
    },
  };
}
