/**
 * Turning a source's URL templates into fetched pages: the source's headers (JSON or JS, with the
 * `proxy` key taken out), the per-source policy for #net, the WebView check, HTTP status errors.
 */
import { LinhaiError } from '#model';
import type { FetchResponse, Fetcher, RequestKind, SourcePolicy } from '#net';
import { buildRequest, getString, parseContent } from '#rules';
import type { RuleContext, UrlContext, UrlRequest } from '#rules';
import { parseLenientJson } from './lenient-json.ts';
import type { BookSource } from './types.ts';

export interface SourceHeaders {
  headers: Record<string, string>;
  proxy?: string;
}

/** The source's `header` field: a JSON object, or a script returning one (needs the sandbox). */
export async function sourceHeaders(source: BookSource, ctx: RuleContext): Promise<SourceHeaders> {
  let text = (source.header ?? '').trim();
  if (text === '') return { headers: {} };
  const lower = text.toLowerCase();
  if (lower.startsWith('@js:') || lower.startsWith('<js>')) {
    text = await getString(text, parseContent('', source.bookSourceUrl), ctx);
  }
  let value: unknown;
  try {
    value = parseLenientJson(text).value;
  } catch (cause) {
    throw new LinhaiError('rule-error', `the source's header is not a JSON object`, {
      details: { source: source.bookSourceName, rule: 'header' },
      cause,
    });
  }
  const headers: Record<string, string> = {};
  let proxy: string | undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) {
      const s = typeof v === 'string' ? v : JSON.stringify(v);
      if (k === 'proxy') proxy = s;
      else headers[k] = s;
    }
  }
  return proxy === undefined ? { headers } : { headers, proxy };
}

export function sourcePolicy(source: BookSource, proxy?: string): SourcePolicy {
  const rate = source.concurrentRate?.trim();
  return {
    key: source.bookSourceUrl,
    ...(rate ? { concurrentRate: rate } : {}),
    ...(proxy ? { proxy } : {}),
  };
}

export interface PageFetch {
  request: UrlRequest;
  response: FetchResponse;
}

/** Builds a request from a template and fetches it; refuses WebView requests by name. */
export async function fetchTemplate(
  fetcher: Fetcher,
  template: string,
  urlContext: UrlContext,
  kind: RequestKind,
  policy: SourcePolicy,
  signal?: AbortSignal,
): Promise<PageFetch> {
  const request = await buildRequest(template, urlContext);
  if (request.webView) {
    throw new LinhaiError(
      'capability-missing',
      `this step needs a browser (webView), which Linhai does not have yet`,
      {
        details: { capability: 'webview', url: request.url },
      },
    );
  }
  const response = await fetchBuilt(fetcher, request, kind, policy, signal);
  return { request, response };
}

export async function fetchBuilt(
  fetcher: Fetcher,
  request: UrlRequest,
  kind: RequestKind,
  policy: SourcePolicy,
  signal?: AbortSignal,
): Promise<FetchResponse> {
  const response = await fetcher.fetch({
    url: request.url,
    method: request.method,
    headers: request.headers,
    ...(request.body !== undefined ? { body: request.body } : {}),
    kind,
    source: policy,
    ...(signal ? { signal } : {}),
  });
  if (response.status >= 400) {
    throw new LinhaiError('net-http-status', `HTTP ${response.status} from ${response.url}`, {
      details: { url: response.url, status: response.status },
    });
  }
  return response;
}
