/**
 * A small undici-based Fetcher for the sources tests, used until #net's real client exists (then
 * the tests switch to it). Follows redirects by hand (the final URL matters), sniffs the charset.
 */
import { getEncoding } from 'encoding-sniffer';
import { request } from 'undici';
import type { FetchRequest, FetchResponse, Fetcher } from '#net';

export function createThinFetcher(log?: FetchRequest[]): Fetcher {
  return {
    async fetch(req: FetchRequest): Promise<FetchResponse> {
      log?.push(req);
      const start = performance.now();
      let url = req.url;
      let method = req.method ?? 'GET';
      let body = req.body;
      for (let hop = 0; hop < 10; hop++) {
        const res = await request(url, {
          method,
          headers: { ...(req.headers ?? {}) },
          ...(body !== undefined
            ? { body: typeof body === 'string' ? body : Buffer.from(body) }
            : {}),
        });
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        const location = headers['location'];
        if (res.statusCode >= 300 && res.statusCode < 400 && location) {
          await res.body.dump();
          url = new URL(location, url).href;
          if (res.statusCode !== 307 && res.statusCode !== 308) {
            method = 'GET';
            body = undefined;
          }
          continue;
        }
        const bytes = new Uint8Array(await res.body.arrayBuffer());
        const contentType = headers['content-type'];
        const charset = getEncoding(
          Buffer.from(bytes),
          contentType
            ? { transportLayerEncodingLabel: contentType.match(/charset=([^;]+)/i)?.[1] ?? '' }
            : {},
        ).toLowerCase();
        const decoderName = charset === 'gbk' || charset === 'gb2312' ? 'gb18030' : charset;
        const text = new TextDecoder(decoderName).decode(bytes);
        return {
          url,
          status: res.statusCode,
          headers,
          body: bytes,
          text,
          charset: decoderName,
          notModified: false,
          elapsedMs: performance.now() - start,
        };
      }
      throw new Error(`too many redirects from ${req.url}`);
    },
  };
}
