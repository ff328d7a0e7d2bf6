/**
 * What every stage of the driver shares: the source, the fetcher, the rule context factory, the
 * small page cache (Legado reuses the search page as detail page and the detail page as TOC page),
 * and error wrapping that names the source, stage, URL and rule.
 */
import { LinhaiError, isLinhaiError, systemClock } from '#model';
import { enableBrowserHint } from '#net';
import type { Clock, ErrorCode } from '#model';
import type { BrowserTier, Fetcher, RequestKind, SourcePolicy } from '#net';
import { LazyBinding, chainVariableStores, createVariableStore, parseContent } from '#rules';
import type {
  MapVariableStore,
  ParsedContent,
  RuleContext,
  RuleHost,
  RuleSandbox,
  UrlContext,
  VariableStore,
} from '#rules';
import {
  browserMissing,
  fetchBuilt,
  fetchTemplate,
  renderInBrowser,
  sourceHeaders,
  sourcePolicy,
} from './request.ts';
import type { SourceHeaders } from './request.ts';
import { entityBindings, helperBindings, sourceBinding } from './source-binding.ts';
import type { LoginHooks } from './source-binding.ts';
import { browserChallengeOf } from './challenge-page.ts';
import { classifySource } from './classify.ts';
import { checkLogin, runLogin } from './login.ts';
import type { SourceLogin } from './login.ts';
import type { Classification } from './classify.ts';
import type { BookSource } from './types.ts';

/** What a lazy binding gives the sandbox (the host objects below are such values). */
type LazyValue = ReturnType<ConstructorParameters<typeof LazyBinding>[0]>;

interface StageOptions {
  source: BookSource;
  fetcher: Fetcher;
  sandbox?: RuleSandbox;
  /** Source-level variables (`source.put/get`, last link of the `@get` chain); persisted by the caller. */
  sourceVariables?: VariableStore;
  log?: (line: string) => void;
  signal?: AbortSignal;
  javaHelpers?: RuleContext['javaHelpers'];
  clock?: Clock;
  /** The browser tier: WebView requests, `java.webView`, script challenges. Absent when off. */
  browser?: BrowserTier;
  /** The source's login (loginUi fields filled in); absent: the login helpers fail. */
  login?: SourceLogin;
}

interface FetchedPage {
  /** The URL asked for (template result). */
  requestUrl: string;
  content: ParsedContent;
}

const cacheSize = 8;
/** Longest body read for a script challenge (challenge pages are a few KiB). */
const challengeScanLimit = 64 * 1024;

function throwMissing(url: string): never {
  throw browserMissing(url);
}
/** How long a fetched page may stand in for the next stage's fetch (Legado reuses within one flow). */
const reuseMs = 60_000;

export class Stage {
  readonly source: BookSource;
  readonly sourceVariables: VariableStore;
  private headersPromise: Promise<SourceHeaders> | undefined;
  private bindingObjects: { source: object; cookie?: object; cache?: object } | undefined;
  /** Recent pages by URL, each reusable once and only for `reuseMs` (a later poll must refetch). */
  private readonly pages = new Map<string, { content: ParsedContent; at: number }>();
  readonly host: RuleHost;
  #classification: Classification | undefined;

  constructor(readonly options: StageOptions) {
    this.source = options.source;
    this.sourceVariables = options.sourceVariables ?? createVariableStore();
    this.host = {
      fetch: async (request) => {
        const { proxy } = await this.headers();
        const response = await fetchBuilt(
          options.fetcher,
          request,
          'other',
          sourcePolicy(this.source, proxy),
          options.signal,
        );
        return {
          url: response.url,
          status: response.status,
          headers: response.headers,
          text: response.text,
          bytes: response.body,
        };
      },
      render: async (request) => {
        const { proxy } = await this.headers();
        const browser = { tier: options.browser };
        const rendered =
          request.html !== undefined
            ? await (options.browser ?? throwMissing(request.url)).render({
                url: request.url,
                html: request.html,
                ...(request.script ? { script: request.script } : {}),
                kind: 'other',
                source: sourcePolicy(this.source, proxy),
                ...(options.signal ? { signal: options.signal } : {}),
              })
            : await renderInBrowser(
                { ...browser, ...(request.script ? { webJs: request.script } : {}) },
                {
                  url: request.url,
                  method: 'GET',
                  headers: {},
                  options: {},
                  webView: true,
                  retry: 0,
                },
                'other',
                sourcePolicy(this.source, proxy),
                options.signal,
              );
        return rendered.text;
      },
    };
  }

  /** Made on first use: scanning every rule of a source cost ~0.3 ms, and the app makes a driver
   *  (so a stage) per call, e.g. one per source for each search. */
  get classification(): Classification {
    return (this.#classification ??= classifySource(this.source));
  }

  /** A rule context whose writes go to `own` (book or chapter variables) and reads fall back along `chain`. */
  ruleContext(
    baseUrl: string,
    own: VariableStore,
    bindings: Record<string, unknown>,
    ...chain: VariableStore[]
  ): RuleContext {
    const variables = chainVariableStores(own, ...chain, this.sourceVariables);
    return {
      baseUrl,
      variables,
      bindings: {
        ...this.scriptBindings(),
        ...entityBindings(bindings, variables, this.options.log),
      },
      host: this.host,
      ...(this.options.sandbox ? { sandbox: this.options.sandbox } : {}),
      ...(this.options.log ? { log: this.options.log } : {}),
      ...(this.options.javaHelpers ? { javaHelpers: this.options.javaHelpers } : {}),
    };
  }

  /** What scripts see as `source` (see source-binding.ts). */
  sourceBinding(): object {
    this.scriptBindings();
    return this.bindingObjects?.source as object;
  }

  /**
   * `source`, `cookie`, `cache`: made once per driver, shared by every script of the source, and
   * handed to scripts lazily: most scripts read none of them, and putting `source` (every field
   * of the source) into the sandbox cost more than a small script's whole run.
   */
  scriptBindings(): { source: object; cookie?: object; cache?: object } {
    this.bindingObjects ??= {
      source: sourceBinding(this.source, this.sourceVariables, this.loginHooks()),
      ...helperBindings(
        this.source.bookSourceName || this.source.bookSourceUrl,
        this.options.log,
        this.host.getCookie?.bind(this.host),
      ),
    };
    const objects = this.bindingObjects;
    return {
      source: new LazyBinding(() => objects.source as LazyValue),
      cookie: new LazyBinding(() => objects.cookie as LazyValue),
      cache: new LazyBinding(() => objects.cache as LazyValue),
    };
  }

  headers(): Promise<SourceHeaders> {
    this.headersPromise ??= sourceHeaders(
      this.source,
      this.ruleContext(this.source.bookSourceUrl, createVariableStore(), {}),
    );
    return this.headersPromise;
  }

  /** Fetches a template (or takes the page from the cache when `reuse` is set and present). */
  async fetch(
    template: string,
    baseUrl: string,
    kind: RequestKind,
    extra: {
      key?: string;
      page?: number;
      variables: VariableStore;
      bindings: Record<string, unknown>;
      reuse?: boolean;
      /** The content step's `webJs` and `sourceRegex`, for a WebView request. */
      webJs?: string;
      sourceRegex?: string;
    },
  ): Promise<FetchedPage> {
    if (extra.reuse) {
      const cached = this.take(template);
      if (cached) return { requestUrl: template, content: cached };
    }
    const { headers, proxy } = await this.headers();
    const policy: SourcePolicy = sourcePolicy(this.source, proxy);
    const urlContext: UrlContext = {
      baseUrl,
      headers,
      variables: extra.variables,
      bindings: { ...this.scriptBindings(), ...extra.bindings },
      host: this.host,
      ...(extra.key !== undefined ? { key: extra.key } : {}),
      ...(extra.page !== undefined ? { page: extra.page } : {}),
      ...(this.options.sandbox ? { sandbox: this.options.sandbox } : {}),
      ...(this.options.log ? { log: this.options.log } : {}),
      ...(this.options.javaHelpers ? { javaHelpers: this.options.javaHelpers } : {}),
    };
    const browser = {
      tier: this.options.browser,
      webJs: extra.webJs,
      sourceRegex: extra.sourceRegex,
    };
    const fetched = () =>
      fetchTemplate(
        this.options.fetcher,
        template,
        urlContext,
        kind,
        policy,
        this.options.signal,
        browser,
      );
    let { request, response } = await fetched();
    if (!request.webView && (await this.passedChallenge(response, kind, policy))) {
      ({ request, response } = await fetched());
    }
    const text =
      this.options.login?.info && this.source.loginCheckJs?.trim()
        ? await checkLogin(
            this.source,
            response,
            this.ruleContext(response.url, extra.variables, extra.bindings),
          )
        : response.text;
    const content = parseContent(text, response.url);
    this.remember(template, content);
    this.remember(request.url, content);
    this.remember(response.url, content);
    return { requestUrl: request.url, content };
  }

  /** Runs the source's login script with the stored fields (`source.login()`, the admin's form). */
  async login(): Promise<void> {
    await runLogin(
      this.source,
      this.ruleContext(this.source.bookSourceUrl, this.newVariables(), {}),
    );
  }

  private loginHooks(): LoginHooks | undefined {
    const login = this.options.login;
    if (!login) return undefined;
    return {
      info: () => login.info,
      put: (info) => {
        login.info = info;
        void login.save?.(info);
      },
      login: () => this.login(),
    };
  }

  /**
   * A plain fetch that met a script challenge (sets a cookie, then redirects): the browser passes
   * it once, the cookies land in the source's jar, and the caller fetches again plainly. True when
   * the browser ran; a challenge it could not pass is reported by `failIfChallenge`.
   */
  private async passedChallenge(
    response: { url: string; text: string },
    kind: RequestKind,
    policy: SourcePolicy,
  ): Promise<boolean> {
    const tier = this.options.browser;
    // Interstitials are short; a long page is never read for one.
    if (!tier || response.text.length > challengeScanLimit) return false;
    if (browserChallengeOf(response.text) === undefined) return false;
    this.options.log?.(`browser: passing the script challenge at ${response.url}`);
    await tier.passChallenge({
      url: response.url,
      kind,
      source: policy,
      ...(this.options.signal ? { signal: this.options.signal } : {}),
    });
    return true;
  }

  remember(url: string, content: ParsedContent): void {
    this.pages.delete(url);
    this.pages.set(url, { content, at: this.now() });
    while (this.pages.size > cacheSize) {
      const oldest = this.pages.keys().next().value;
      if (oldest === undefined) break;
      this.pages.delete(oldest);
    }
  }

  /** The page fetched for `url` moments ago, if any; it is forgotten under every URL it had. */
  take(url: string): ParsedContent | undefined {
    const entry = this.pages.get(url);
    if (!entry) return undefined;
    for (const [key, other] of this.pages)
      if (other.content === entry.content) this.pages.delete(key);
    return this.now() - entry.at <= reuseMs ? entry.content : undefined;
  }

  private now(): number {
    return (this.options.clock ?? systemClock).now();
  }

  /** Runs a stage step; any failure becomes a LinhaiError naming source, stage, url and rule. */
  async step<T>(
    stage: string,
    facts: { url?: string; rule?: string },
    run: () => Promise<T>,
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.wrap(error, stage, facts);
    }
  }

  wrap(error: unknown, stage: string, facts: { url?: string; rule?: string }): LinhaiError {
    const details = {
      source: this.source.bookSourceName || this.source.bookSourceUrl,
      stage,
      ...facts,
    };
    if (isLinhaiError(error)) {
      if (error.details['stage'] !== undefined) return error;
      // Script failures name the rule field they ran in (the script's own line is in the message).
      const scripted = error.code.startsWith('js-') || error.code === 'capability-missing';
      const where = scripted && facts.rule ? `${stage}: ${facts.rule}` : stage;
      const missing = error.code === 'js-error' ? missingBehind(error) : undefined;
      if (missing) {
        return new LinhaiError(
          'capability-missing',
          `${details.source}: ${where}: this step needs ${missing}, which Linhai does not have yet (${error.message})`,
          { details: { ...details, ...error.details, capability: missing }, cause: error },
        );
      }
      return new LinhaiError(error.code, `${details.source}: ${where}: ${error.message}`, {
        details: { ...details, ...error.details },
        cause: error,
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      });
    }
    const code: ErrorCode = 'rule-error';
    const message = error instanceof Error ? error.message : String(error);
    return new LinhaiError(code, `${details.source}: ${stage}: ${message}`, {
      details,
      cause: error,
    });
  }

  /**
   * When the rules found nothing on `page` because it is an anti-bot interstitial, says so (a bad
   * page of its own kind, `details.kind` = challenge) rather than an empty result.
   */
  failIfChallenge(page: ParsedContent, stage: string, rule: string): void {
    const sign = browserChallengeOf(page.text);
    if (sign === undefined) return;
    const remedy = this.options.browser
      ? 'the browser tier did not get past it'
      : `a browser tier is needed to get past it (${enableBrowserHint})`;
    const error = this.fail(
      'bad-content',
      stage,
      `the site answered ${page.baseUrl} with a browser challenge (${sign}) instead of the page; ${remedy}`,
      { url: page.baseUrl, rule, kind: 'challenge', capability: 'browser' },
    );
    throw error;
  }

  fail(
    code: ErrorCode,
    stage: string,
    message: string,
    facts: Record<string, string | number | undefined> = {},
  ): LinhaiError {
    const source = this.source.bookSourceName || this.source.bookSourceUrl;
    return new LinhaiError(code, `${source}: ${stage}: ${message}`, {
      details: { source, stage, ...facts },
    });
  }

  newVariables(initial?: Record<string, string>): MapVariableStore {
    return createVariableStore(initial ?? {});
  }
}

/**
 * A script error that is really a missing capability, decided by what the script did on the path
 * it took, never by a guess: it reached a Java package the sandbox does not define (`Packages`,
 * `JavaImporter`…), or it called a `java.*` helper Linhai lacks (the sandbox names the callee).
 */
function missingBehind(error: LinhaiError): string | undefined {
  // QuickJS messages such as "'org' is not defined", "'JavaImporter' is not defined"
  if (
    /'(?:org|Packages|JavaImporter|importPackage|importClass|javax|android)' is not defined/.test(
      error.message,
    )
  ) {
    return 'java-interop';
  }
  const callee = error.details['callee'];
  return typeof callee === 'string' && /^java\.[\w$]+$/.test(callee) ? callee : undefined;
}
