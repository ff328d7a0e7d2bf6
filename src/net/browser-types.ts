/**
 * The browser tier as its callers see it (the source driver): render a page in headless Chromium
 * the way Legado's WebView does, or get past a script challenge once. Every request the page makes
 * goes through the HTTP client (guard, robots, budgets, the source's cookie jar).
 */
import type { RequestKind, SourcePolicy } from './types.ts';

export interface RenderRequest {
  /** The page's URL: http(s) only. */
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  /** `java.webView(html, url, js)`: this HTML is the document at `url` (no fetch for it). */
  readonly html?: string;
  /**
   * Legado's `webJs`: a script evaluated in the page once it has loaded; its value (retried while
   * it is empty, as pages fill in late) is the result. Default: the rendered HTML.
   */
  readonly script?: string;
  /** Legado's `sourceRegex`: the result is the URL of the first resource the page asks for that matches. */
  readonly sourceRegex?: string;
  readonly kind: RequestKind;
  readonly source?: SourcePolicy;
  readonly signal?: AbortSignal;
  /** Total time this use may take (default: the pool's). */
  readonly timeoutMs?: number;
}

export interface RenderResult {
  /** The page's URL when the result was taken (after redirects and script navigation). */
  readonly url: string;
  /** The rendered HTML, the script's value, or the matched resource URL. */
  readonly text: string;
  /** Requests of the page the network layer refused (guard, robots, scheme), with the reason. */
  readonly refused: readonly string[];
}

export interface BrowserTierStats {
  /** Pages open now, and the most allowed at once. */
  readonly open: number;
  readonly size: number;
  readonly uses: number;
  /** Whether Chromium is running (it starts on the first use). */
  readonly running: boolean;
}

export interface BrowserTier {
  /** Renders a page (webView, webJs, sourceRegex, java.webView). */
  render(request: RenderRequest): Promise<RenderResult>;
  /**
   * Opens `url` and waits for its script challenge to set its cookie and move on; the cookies land
   * in the source's jar, so later plain requests get the page.
   */
  passChallenge(request: RenderRequest): Promise<RenderResult>;
  stats(): BrowserTierStats;
  close(): Promise<void>;
}
