/**
 * Turning a source's URL templates into fetched pages: the source's headers (JSON or JS, with the
 * `proxy` key taken out), the per-source policy for #net, WebView requests through the browser
 * tier (or a capability error saying how to enable it), HTTP status errors.
 */
import { LinhaiError } from '#model';
import { enableBrowserHint } from '#net';
import type {
  BrowserTier,
  FetchResponse,
  Fetcher,
  RequestKind,
  RenderResult,
  SourcePolicy,
} from '#net';
import { buildRequest, getString, parseContent } from '#rules';
import type { RuleContext, UrlContext, UrlRequest } from '#rules';
import { parseLenientJson } from '#rules';
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

interface PageFetch {
  request: UrlRequest;
  response: FetchResponse;
}

/** How a step reaches the browser tier: the tier (absent when off) and the content's webJs/sourceRegex. */
interface BrowserUse {
  readonly tier?: BrowserTier | undefined;
  /** `ruleContent.webJs`: used when the URL's own options carry no `webJs`. */
  readonly webJs?: string | undefined;
  readonly sourceRegex?: string | undefined;
}

/** Builds a request from a template and fetches it; WebView requests go to the browser tier. */
export async function fetchTemplate(
  fetcher: Fetcher,
  template: string,
  urlContext: UrlContext,
  kind: RequestKind,
  policy: SourcePolicy,
  signal?: AbortSignal,
  browser: BrowserUse = {},
): Promise<PageFetch> {
  const request = await buildRequest(template, urlContext);
  if (request.webView) {
    const started = performance.now();
    const rendered = await renderInBrowser(browser, request, kind, policy, signal);
    return { request, response: renderedResponse(rendered, performance.now() - started) };
  }
  const response = await fetchBuilt(fetcher, request, kind, policy, signal);
  return { request, response };
}

/** Legado's WebView request: the page rendered, or the webJs value, or the sourceRegex match. */
export function renderInBrowser(
  browser: BrowserUse,
  request: UrlRequest,
  kind: RequestKind,
  policy: SourcePolicy,
  signal?: AbortSignal,
): Promise<RenderResult> {
  if (!browser.tier) throw browserMissing(request.url);
  const option = request.options['webJs'];
  const script = typeof option === 'string' && option.trim() !== '' ? option : browser.webJs;
  return browser.tier.render({
    url: request.url,
    method: request.method === 'POST' ? 'POST' : 'GET',
    headers: request.headers,
    ...(typeof request.body === 'string' ? { body: request.body } : {}),
    ...(script?.trim() ? { script } : {}),
    ...(browser.sourceRegex?.trim() ? { sourceRegex: browser.sourceRegex } : {}),
    kind,
    source: policy,
    ...(signal ? { signal } : {}),
  });
}

export function browserMissing(url: string): LinhaiError {
  return new LinhaiError(
    'capability-missing',
    `this step needs a browser (webView) and the browser tier is off: ${enableBrowserHint}`,
    { details: { capability: 'webview', url } },
  );
}

function renderedResponse(rendered: RenderResult, elapsedMs: number): FetchResponse {
  const body = new TextEncoder().encode(rendered.text);
  return {
    url: rendered.url,
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body,
    text: rendered.text,
    charset: 'utf-8',
    notModified: false,
    elapsedMs,
  };
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
