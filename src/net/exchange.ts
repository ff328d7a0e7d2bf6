/**
 * One HTTP exchange over undici: no redirects, no retries (the client does those so each hop goes
 * through the guard, the budget and robots.txt). It enforces the body cap on the decompressed
 * size, decompresses gzip/deflate/brotli, and turns undici's failures into typed errors.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { LinhaiError, isLinhaiError } from '#model';

interface ExchangeRequest {
  readonly url: URL;
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly body?: Uint8Array | undefined;
  readonly dispatcher: Dispatcher;
  readonly maxBodyBytes: number;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  /** Aborts on the total deadline or the caller's cancel; `deadline` tells which. */
  readonly signal: AbortSignal;
  readonly deadline: AbortSignal;
}

export interface ExchangeResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly setCookies: string[];
  readonly body: Uint8Array;
}

function tooLarge(url: URL, cap: number, size?: number): LinhaiError {
  return new LinhaiError(
    'net-too-large',
    `${url.host}${url.pathname}: the body is larger than the cap of ${cap} bytes`,
    { details: { url: url.href, maxBodyBytes: cap, size } },
  );
}

/** Maps undici, socket and abort failures to typed errors (timeouts name their phase). */
function mapFailure(error: unknown, req: ExchangeRequest): unknown {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (isLinhaiError(e)) return e;
    e = (e as { cause?: unknown }).cause;
  }
  const url = req.url.href;
  const host = req.url.host;
  if (req.deadline.aborted) {
    return new LinhaiError('net-timeout', `${host}: no complete answer in time (total timeout)`, {
      details: { url, host, phase: 'total' },
      cause: error,
    });
  }
  if (req.signal.aborted) return req.signal.reason ?? error;
  const code = (error as { code?: string }).code;
  const phase =
    code === 'UND_ERR_CONNECT_TIMEOUT'
      ? 'connect'
      : code === 'UND_ERR_HEADERS_TIMEOUT'
        ? 'first-byte'
        : code === 'UND_ERR_BODY_TIMEOUT'
          ? 'body'
          : undefined;
  if (phase) {
    return new LinhaiError(
      'net-timeout',
      `${host}: timed out waiting for the ${phase === 'body' ? 'rest of the body' : phase === 'connect' ? 'connection' : 'first byte'} (${phase} timeout)`,
      {
        details: { url, host, phase },
        cause: error,
      },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LinhaiError('net-connection', `${host}: connection failed (${code ?? message})`, {
    details: { url, host, reason: code ?? message },
    cause: error,
  });
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): {
  headers: Record<string, string>;
  setCookies: string[];
} {
  const headers: Record<string, string> = {};
  let setCookies: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    if (key === 'set-cookie') setCookies = Array.isArray(value) ? value : [value];
    headers[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return { headers, setCookies };
}

/** Undoes Content-Encoding (last applied first), never producing more than `cap` bytes. */
function decompress(body: Buffer, encoding: string | undefined, req: ExchangeRequest): Buffer {
  if (!encoding) return body;
  const steps = encoding
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s && s !== 'identity')
    .reverse();
  let out = body;
  const opts = { maxOutputLength: req.maxBodyBytes };
  for (const step of steps) {
    try {
      if (step === 'gzip' || step === 'x-gzip') out = gunzipSync(out, opts);
      else if (step === 'br') out = brotliDecompressSync(out, opts);
      else if (step === 'deflate') {
        // "deflate" is zlib-wrapped by the standard, raw from some servers.
        try {
          out = inflateSync(out, opts);
        } catch (e) {
          if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw e;
          out = inflateRawSync(out, opts);
        }
      } else return out; // unknown coding: hand the bytes over as they are
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
        throw tooLarge(req.url, req.maxBodyBytes);
      throw new LinhaiError('net-connection', `${req.url.host}: the ${step} body is corrupt`, {
        details: { url: req.url.href, encoding: step },
        cause: e,
      });
    }
  }
  return out;
}

/**
 * Settles when `pending` does or the signal aborts, whichever comes first. undici only aborts a
 * request once it has a connection, so a request queued behind failing connects would otherwise
 * outlive its deadline; a response that arrives too late is thrown away.
 */
function untilAborted(
  pending: Promise<Dispatcher.ResponseData>,
  signal: AbortSignal,
): Promise<Dispatcher.ResponseData> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      pending.then(
        (late) => late.body.destroy(),
        () => undefined,
      );
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    pending.then(
      (response) => {
        signal.removeEventListener('abort', onAbort);
        resolve(response);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}

export async function exchange(req: ExchangeRequest): Promise<ExchangeResponse> {
  let response: Dispatcher.ResponseData;
  try {
    const pending = req.dispatcher.request({
      origin: req.url.origin,
      path: req.url.pathname + req.url.search,
      method: req.method as Dispatcher.HttpMethod,
      headers: req.headers,
      body: req.body,
      signal: req.signal,
      headersTimeout: req.headersTimeoutMs,
      bodyTimeout: req.bodyTimeoutMs,
    });
    response = await untilAborted(pending, req.signal);
  } catch (error) {
    throw mapFailure(error, req);
  }
  const { headers, setCookies } = flattenHeaders(response.headers);
  // A HEAD answer announces the GET body's length without sending it.
  const declared = req.method === 'HEAD' ? NaN : Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > req.maxBodyBytes) {
    response.body.destroy();
    throw tooLarge(req.url, req.maxBodyBytes, declared);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    // 'data' events rather than async iteration: measurably cheaper per small page.
    await new Promise<void>((resolve, reject) => {
      const body = response.body;
      body.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > req.maxBodyBytes) {
          body.destroy();
          reject(tooLarge(req.url, req.maxBodyBytes));
        } else chunks.push(chunk);
      });
      body.once('end', resolve);
      body.once('error', reject);
    });
  } catch (error) {
    throw mapFailure(error, req);
  }
  const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
  const body = decompress(raw, headers['content-encoding'], req);
  return {
    status: response.statusCode,
    headers,
    setCookies,
    body: new Uint8Array(body.buffer, body.byteOffset, body.length),
  };
}
