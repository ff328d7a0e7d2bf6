/**
 * Fetching an image of a source (a book's cover) the way its pages are fetched: the source's
 * headers and proxy, its per-source policy (politeness budget, robots.txt, cookies), the network
 * guard; only the body cap is lower, and the `Accept` header asks for an image.
 */
import { LinhaiError } from '#model';
import { sourcePolicy } from './request.ts';
import type { Stage } from './stage.ts';

export interface FetchedImage {
  /** The final URL, after redirects. */
  readonly url: string;
  /** The Content-Type the site sent (lower case, without parameters); '' when none. */
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

export interface ImageOptions {
  /** Largest body accepted: a longer one fails with `net-too-large` before it is read whole. */
  readonly maxBytes: number;
}

/** GETs `url` (http or https) with the source's headers; an HTTP error status fails. */
export async function fetchImage(
  stage: Stage,
  url: string,
  options: ImageOptions,
): Promise<FetchedImage> {
  // Legado cover URLs may carry request options after a comma (`url,{"headers":…}`): the URL is
  // taken alone, never evaluated as a template, since it comes from the site's page.
  const plain = url.split(/,\s*\{/, 1)[0]!.trim();
  if (!/^https?:\/\//i.test(plain))
    throw stage.fail('invalid-input', 'cover', `not an http(s) image URL: ${plain.slice(0, 200)}`, {
      url: plain.slice(0, 200),
    });
  return stage.step('cover', { url: plain }, async () => {
    const { headers, proxy } = await stage.headers();
    const response = await stage.options.fetcher.fetch({
      url: plain,
      headers: {
        ...headers,
        accept: 'image/avif,image/webp,image/png,image/svg+xml,image/*;q=0.8',
      },
      kind: 'other',
      source: sourcePolicy(stage.source, proxy),
      maxBodyBytes: options.maxBytes,
      ...(stage.options.signal ? { signal: stage.options.signal } : {}),
    });
    if (response.status >= 400)
      throw new LinhaiError('net-http-status', `HTTP ${response.status} from ${response.url}`, {
        details: { url: response.url, status: response.status },
      });
    const type = (response.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
    return { url: response.url, contentType: type, bytes: response.body };
  });
}
