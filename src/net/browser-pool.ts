/**
 * The browser tier: one headless Chromium (started on first use) and a few pages shared by every
 * source. Each use gets a fresh browser context — its own cookies, seeded from the request's jar
 * only (the source's, or its user's login jar) — and is closed afterwards, by its deadline at the latest.
 *
 * Chromium never reaches the network itself: every request the page makes is intercepted and
 * answered by the HTTP client, so the private-network guard, robots.txt, the per-host budgets and
 * the source's cookie jar apply exactly as to plain fetches. Images, fonts and media are refused,
 * as are WebSockets, service workers and every scheme but http(s).
 */
import { LinhaiError, isLinhaiError } from '#model';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { contextToJar, jarToContext } from './browser-cookies.ts';
import { cookieJarOf } from './cookies.ts';
import { enableBrowserHint, findChromium, launchChromium } from './browser-launch.ts';
import type {
  BrowserTier,
  BrowserTierStats,
  RenderRequest,
  RenderResult,
} from './browser-types.ts';
import type { HttpClient } from './client.ts';
import type { FetchResponse } from './types.ts';

export interface BrowserPoolOptions {
  /** Every request of every page goes through this client. */
  client: HttpClient;
  executablePath: string;
  /** Pages open at once (default 2); more uses wait their turn. */
  size?: number;
  /** Longest one use may take (default 20 s). */
  useTimeoutMs?: number;
}

const blockedTypes = new Set(['image', 'font', 'media', 'websocket', 'manifest', 'texttrack']);
// Headers of the page's own requests worth passing on; the client sets its own user agent and
// the jar's cookies (the browser's Cookie header would bypass the jar).
const forwardedHeaders = [
  'accept',
  'accept-language',
  'content-type',
  'referer',
  'x-requested-with',
];
const keptResponseHeaders = ['content-type', 'cache-control', 'last-modified', 'etag'];
/** Legado's default webView script: the page as rendered. */
const renderedHtml = 'document.documentElement.outerHTML';

export function createBrowserPool(options: BrowserPoolOptions): BrowserTier {
  return new BrowserPool(options);
}

class BrowserPool implements BrowserTier {
  private browser: Promise<Browser> | undefined;
  private open = 0;
  private uses = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly size: number;
  private readonly useTimeoutMs: number;
  private closed = false;

  constructor(private readonly options: BrowserPoolOptions) {
    this.size = options.size ?? 2;
    this.useTimeoutMs = options.useTimeoutMs ?? 20_000;
  }

  stats(): BrowserTierStats {
    return {
      open: this.open,
      size: this.size,
      uses: this.uses,
      running: this.browser !== undefined,
    };
  }

  render(request: RenderRequest): Promise<RenderResult> {
    return this.use(request, async (page, session, deadline) => {
      await page.goto(session.target, { waitUntil: 'load', timeout: remaining(deadline) });
      if (request.sourceRegex) return session.waitForMatch(page, deadline);
      // Let the page's own requests (the XHR that fills the chapter list) settle, briefly; a
      // script is polled until it yields something instead (evaluateUntilFilled).
      if (request.script === undefined) {
        await page
          .waitForLoadState('networkidle', { timeout: Math.min(3000, remaining(deadline)) })
          .catch(() => undefined);
      }
      const text = await evaluateUntilFilled(page, request.script ?? renderedHtml, deadline);
      return { url: page.url(), text, refused: session.refused };
    });
  }

  passChallenge(request: RenderRequest): Promise<RenderResult> {
    return this.use(request, async (page, session, deadline) => {
      let navigations = 0;
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations++;
      });
      await page.goto(session.target, { waitUntil: 'load', timeout: remaining(deadline) });
      // The challenge's script sets its cookie and then navigates (reload or redirect).
      while (navigations < 2 && remaining(deadline) > 50) await sleep(50);
      await page.waitForLoadState('load', { timeout: remaining(deadline) }).catch(() => undefined);
      const text = await page.content();
      return { url: page.url(), text, refused: session.refused };
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const browser = this.browser;
    this.browser = undefined;
    if (browser) await (await browser.catch(() => undefined))?.close();
  }

  private launch(): Promise<Browser> {
    this.browser ??= launchChromium(this.options.executablePath).then(
      (browser) => {
        browser.on('disconnected', () => {
          // A crashed browser is started again on the next use.
          this.browser = undefined;
        });
        return browser;
      },
      (cause: unknown) => {
        this.browser = undefined;
        throw new LinhaiError(
          'capability-missing',
          `the browser tier could not start Chromium at ${this.options.executablePath}: ${cause instanceof Error ? cause.message : String(cause)}; ${enableBrowserHint}`,
          { details: { capability: 'webview' }, cause },
        );
      },
    );
    return this.browser;
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    while (this.open >= this.size) {
      signal?.throwIfAborted();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.open++;
  }

  private release(): void {
    this.open--;
    this.waiting.shift()?.();
  }

  /** One bounded use: a fresh context on the source's cookies, closed whatever happens. */
  private async use(
    request: RenderRequest,
    run: (page: Page, session: PageSession, deadline: number) => Promise<RenderResult>,
  ): Promise<RenderResult> {
    if (this.closed) throw new LinhaiError('unavailable', 'the browser tier is closed');
    const start = new URL(request.url);
    if (start.protocol !== 'http:' && start.protocol !== 'https:') {
      throw new LinhaiError(
        'net-refused-guard',
        `the browser opens http(s) pages only, not ${start.protocol} (${request.url})`,
        { details: { url: request.url } },
      );
    }
    await this.acquire(request.signal);
    const timeoutMs = request.timeoutMs ?? this.useTimeoutMs;
    let deadline = Date.now() + timeoutMs;
    let context: BrowserContext | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      const browser = await this.launch();
      // Starting Chromium (the first use) has its own time limit; the page's starts now.
      deadline = Date.now() + timeoutMs;
      this.uses++;
      context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: false });
      const key = cookieJarOf(request.source);
      const jars = this.options.client.cookieJars;
      await jarToContext(jars, key, context);
      const session = new PageSession(this.options.client, request, context, deadline);
      const opened = context;
      const expired = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(
            new LinhaiError(
              'net-timeout',
              `the browser page ${request.url} took longer than ${timeoutMs} ms`,
              { details: { url: request.url, phase: 'browser' } },
            ),
          );
          void opened.close().catch(() => undefined);
        }, timeoutMs);
      });
      const work = async (): Promise<RenderResult> => {
        await session.fetchStart();
        await opened.route('**/*', (route) => session.handle(route));
        await opened.routeWebSocket(/.*/, (ws) => ws.close());
        const page = await opened.newPage();
        return run(page, session, deadline);
      };
      const result = await Promise.race([work(), expired]);
      await contextToJar(jars, key, context);
      return result;
    } catch (error) {
      throw asLinhaiError(error, request.url);
    } finally {
      clearTimeout(timer);
      await context?.close().catch(() => undefined);
      this.release();
    }
  }
}

/** The interception of one use: answers each request of the page through the HTTP client. */
class PageSession {
  readonly refused: string[] = [];
  private first = true;
  /** Responses the client reached by following redirects, waiting for the page to ask for them. */
  private readonly redirected = new Map<string, FetchResponse>();
  private matched: string | undefined;

  constructor(
    private readonly client: HttpClient,
    private readonly request: RenderRequest,
    private readonly context: BrowserContext,
    private readonly deadline: number,
  ) {
    this.target = request.url;
  }

  /** Where the page is opened: the start URL, or where the client's redirects led. */
  target: string;
  private startResponse: FetchResponse | undefined;

  /** Fetches the page itself with the source's request (method, headers, body, kind). */
  async fetchStart(): Promise<void> {
    if (this.request.html !== undefined) return;
    const r = this.request;
    this.startResponse = await this.client.fetch({
      url: r.url,
      method: r.method ?? 'GET',
      ...(r.headers ? { headers: r.headers } : {}),
      ...(r.body !== undefined ? { body: r.body } : {}),
      kind: r.kind,
      timeoutMs: remaining(this.deadline),
      ...(r.source ? { source: r.source } : {}),
      ...(r.signal ? { signal: r.signal } : {}),
    });
    this.target = this.startResponse.url;
  }

  async handle(route: Route): Promise<void> {
    const req = route.request();
    const url = req.url();
    if (this.request.sourceRegex && this.matched === undefined) {
      if (new RegExp(this.request.sourceRegex).test(url)) this.matched = url;
    }
    if (!/^https?:/i.test(url)) return this.refuse(route, url, 'only http(s) is fetched');
    if (blockedTypes.has(req.resourceType())) return route.abort('blockedbyclient');
    const start = this.first && req.isNavigationRequest() && req.frame().parentFrame() === null;
    this.first = false;
    if (start && this.request.html !== undefined) {
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: this.request.html,
      });
    }
    if (start && this.startResponse) return this.fulfil(route, this.startResponse);
    const waiting = this.redirected.get(url);
    if (waiting) {
      this.redirected.delete(url);
      return this.fulfil(route, waiting);
    }
    const key = cookieJarOf(this.request.source);
    // Cookies the page's scripts wrote go to the jar first: the client sends the jar's cookies.
    await contextToJar(this.client.cookieJars, key, this.context, [url]).catch(() => undefined);
    const headers: Record<string, string> = {};
    const asked = req.headers();
    for (const name of forwardedHeaders) if (asked[name]) headers[name] = asked[name];
    const body = req.postDataBuffer();
    let response: FetchResponse;
    try {
      response = await this.client.fetch({
        url,
        method: req.method() as 'GET' | 'POST',
        headers,
        ...(body ? { body: new Uint8Array(body) } : {}),
        kind: 'other',
        timeoutMs: remaining(this.deadline),
        ...(this.request.source ? { source: this.request.source } : {}),
        ...(this.request.signal ? { signal: this.request.signal } : {}),
      });
    } catch (error) {
      const status = isLinhaiError(error, 'net-http-status') ? error.details.status : undefined;
      if (typeof status === 'number') return route.fulfill({ status, body: '' });
      return this.refuse(route, url, error instanceof Error ? error.message : String(error));
    }
    await jarToContext(this.client.cookieJars, key, this.context).catch(() => undefined);
    if (response.url !== url && req.isNavigationRequest()) {
      // Chromium does not intercept the target of a fulfilled redirect: the page is sent there by
      // script, so its URL (and relative links) are right and the target comes from here too.
      this.redirected.set(response.url, response);
      return route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: `<script>location.replace(${JSON.stringify(response.url)})</script>`,
      });
    }
    return this.fulfil(route, response);
  }

  /** Legado's sourceRegex: waits for the page to ask for a matching resource. */
  async waitForMatch(page: Page, deadline: number): Promise<RenderResult> {
    while (this.matched === undefined && remaining(deadline) > 50) await sleep(50);
    if (this.matched === undefined) {
      throw new LinhaiError(
        'bad-content',
        `no resource of ${this.request.url} matched sourceRegex ${this.request.sourceRegex}`,
        { details: { url: this.request.url, rule: 'sourceRegex' } },
      );
    }
    return { url: page.url(), text: this.matched, refused: this.refused };
  }

  private fulfil(route: Route, response: FetchResponse): Promise<void> {
    const headers: Record<string, string> = {};
    for (const name of keptResponseHeaders) {
      const value = response.headers[name];
      if (value) headers[name] = value;
    }
    return route.fulfill({ status: response.status, headers, body: Buffer.from(response.body) });
  }

  private refuse(route: Route, url: string, reason: string): Promise<void> {
    this.refused.push(`${url}: ${reason}`);
    return route.abort('blockedbyclient');
  }
}

/** Evaluates `script` in the page until it yields something (pages fill in after load). */
async function evaluateUntilFilled(page: Page, script: string, deadline: number): Promise<string> {
  for (;;) {
    const value: unknown = await page.evaluate(script);
    const text = typeof value === 'string' ? value : value == null ? '' : JSON.stringify(value);
    if ((text !== '' && text !== 'null') || remaining(deadline) < 300) return text;
    await sleep(200);
  }
}

function asLinhaiError(error: unknown, url: string): LinhaiError {
  if (isLinhaiError(error)) return error;
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new LinhaiError('net-timeout', `the browser page ${url} did not finish in time`, {
      details: { url, phase: 'browser' },
      cause: error,
    });
  }
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new LinhaiError('bad-content', `the browser could not render ${url}: ${message}`, {
    details: { url, phase: 'browser' },
    cause: error,
  });
}

function remaining(deadline: number): number {
  return Math.max(1, deadline - Date.now());
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The tier when a Chromium is on the machine (started lazily), else why it is off. */
export function openBrowserTier(
  client: HttpClient,
  options: { env?: NodeJS.ProcessEnv; size?: number; useTimeoutMs?: number } = {},
): { tier: BrowserTier } | { off: string } {
  const found = findChromium(options.env);
  if ('off' in found) return found;
  return {
    tier: createBrowserPool({
      client,
      executablePath: found.path,
      ...(options.size !== undefined ? { size: options.size } : {}),
      ...(options.useTimeoutMs !== undefined ? { useTimeoutMs: options.useTimeoutMs } : {}),
    }),
  };
}
