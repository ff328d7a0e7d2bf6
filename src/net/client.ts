/**
 * The HTTP client every request to a novel site goes through. Per hop (redirects are followed
 * here, not by undici): the guard checks the host, the breaker admits it, robots.txt is consulted,
 * the host budget grants a slot, then one exchange runs with the guard's own DNS lookup. Transient
 * failures are retried with backoff and jitter; Retry-After pauses the whole host.
 */
import { rootCertificates } from 'node:tls';
import type * as Undici from 'undici';
import type { Agent, Dispatcher } from 'undici';
import { LinhaiError, isLinhaiError, lazyRequire, systemClock } from '#model';
import type { Clock } from '#model';
import { CircuitBreakers, defaultBreakerOptions } from './breaker.ts';
import type { BreakerState } from './breaker.ts';
import { CookieJars, cookieJarOf } from './cookies.ts';
import { exchange } from './exchange.ts';
import type { ExchangeResponse } from './exchange.ts';
import { AddressGuard, parseAllowList } from './guard.ts';
import { HealthRecorder } from './health.ts';
import type { SourceHealth } from './health.ts';
import { InProcessHostBudget, defaultKindShares } from './host-budget.ts';
import type { HostBudget, HostBudgetSnapshot } from './host-budget.ts';
import * as d from './options.ts';
import type { HttpClientOptions, RetryOptions, Timeouts } from './options.ts';
import { guardedProxyAgent, parseProxyUrl } from './proxy-agent.ts';
import { proxyEnvironment, proxyFor } from './proxy.ts';
import type { ProxyEnvironment } from './proxy.ts';
import { parseConcurrentRate } from './rate.ts';
import { makeResponse, requestBody, requestUrl, retryAfterMs } from './request-parts.ts';
import { RobotsCache } from './robots-cache.ts';
import type { RobotsVerdict } from './robots-rules.ts';
import type { Fetcher, FetchRequest, FetchResponse, RaisedBudget } from './types.ts';
import { MemoryValidatorStore, conditionalHeaders } from './validators.ts';
import type { ValidatorStore } from './validators.ts';

export interface NetHealth {
  readonly sources: SourceHealth[];
  readonly hosts: (HostBudgetSnapshot & { breaker: BreakerState; failures: number })[];
  /** Sources that overrode robots.txt, with how many requests went out under the override. */
  readonly robotsOverrides: { source: string; requests: number }[];
  /** Sources an administrator raised the budget of, with the limits and the requests under them. */
  readonly budgetRaises: (RaisedBudget & { source: string; requests: number })[];
}

export interface HttpClient extends Fetcher {
  health(): NetHealth;
  /** Closes pooled connections. */
  close(): Promise<void>;
  /** The cookie jars, for the browser tier (it carries a request's jar both ways). */
  readonly cookieJars: CookieJars;
}

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  return new LinhaiHttpClient(options);
}

const undici = lazyRequire<typeof Undici>('undici');
const redirectStatuses = new Set([301, 302, 303, 307, 308]);
const maxProxyAgents = 32;
const retryableStatuses = new Set([500, 502, 503, 504]);

class LinhaiHttpClient implements HttpClient {
  private readonly clock: Clock;
  private readonly guard: AddressGuard;
  private readonly budget: HostBudget;
  private readonly breakers: CircuitBreakers;
  private readonly cookies: CookieJars;
  get cookieJars(): CookieJars {
    return this.cookies;
  }
  private readonly validators: ValidatorStore;
  private readonly healthRecorder = new HealthRecorder();
  private readonly robots: RobotsCache;
  private readonly robotsOverrides = new Map<string, number>();
  private readonly budgetRaises = new Map<string, RaisedBudget & { requests: number }>();
  private readonly timeouts: Timeouts;
  private readonly retry: RetryOptions;
  /** Made on the first request: undici is loaded then (commands that fetch nothing skip it). */
  #direct: Agent | undefined;
  private readonly proxies = new Map<string, Dispatcher>();
  private readonly proxyEnv: ProxyEnvironment;
  private readonly userAgent: string;
  private readonly maxBodyBytes: number;
  private readonly maxRedirects: number;
  private readonly random: () => number;
  private closed = false;

  constructor(private readonly options: HttpClientOptions) {
    const env = options.env ?? process.env;
    this.clock = options.clock ?? systemClock;
    this.guard = new AddressGuard({
      allowHosts: [...parseAllowList(env.LINHAI_ALLOW_HOSTS), ...(options.allowHosts ?? [])],
      lookup: options.lookup,
    });
    const politeness = { ...d.defaultPoliteness, ...options.politeness };
    this.budget =
      options.budget ??
      new InProcessHostBudget(
        this.clock,
        { concurrency: politeness.concurrency, minIntervalMs: politeness.minIntervalMs },
        { ...defaultKindShares, ...politeness.shares },
      );
    this.breakers = new CircuitBreakers(this.clock, {
      ...defaultBreakerOptions,
      ...options.breaker,
    });
    this.cookies = new CookieJars({
      ...(options.cookieStore ? { shared: options.cookieStore } : {}),
      ...(options.cookieRecheckMs !== undefined ? { recheckMs: options.cookieRecheckMs } : {}),
      clock: this.clock,
    });
    this.validators = options.validators ?? new MemoryValidatorStore();
    this.timeouts = { ...d.defaultTimeouts, ...options.timeouts };
    this.retry = { ...d.defaultRetry, ...options.retry };
    this.userAgent = options.userAgent ?? d.defaultUserAgent;
    this.maxBodyBytes = options.maxBodyBytes ?? d.defaultMaxBodyBytes;
    this.maxRedirects = options.maxRedirects ?? d.defaultMaxRedirects;
    this.random = options.random ?? Math.random;
    this.proxyEnv = proxyEnvironment(env);
    this.robots = new RobotsCache({
      agent: options.robotsAgent ?? 'Linhai',
      ttlMs: options.robotsTtlMs ?? 24 * 3600_000,
      errorTtlMs: 5 * 60_000,
      clock: this.clock,
      fetch: async (url, signal, source) => {
        // The file is about the site, not the source: only the route (proxy) is the source's.
        const route = source?.proxy ? { key: source.key, proxy: source.proxy } : undefined;
        const r = await this.run({ url, kind: 'robots', signal, source: route }, false);
        return { status: r.status, body: r.body };
      },
      onCrawlDelay: (origin, delayMs) =>
        void this.budget.setHostLimits(origin.host, {
          minIntervalMs: Math.min(delayMs, politeness.maxCrawlDelayMs),
        }),
    });
  }

  fetch(request: FetchRequest): Promise<FetchResponse> {
    return this.run(request, true);
  }

  private async run(request: FetchRequest, throwOnStatus: boolean): Promise<FetchResponse> {
    const started = performance.now();
    const source = request.source?.key ?? '';
    const charset = request.charset ?? request.source?.charset;
    let url: URL | undefined;
    try {
      url = requestUrl(request.url, charset);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(request.headers ?? {})) headers[k.toLowerCase()] = v;
      let method: string = request.method ?? 'GET';
      let body = requestBody(request.body, headers, charset);
      const validators = request.conditional ? this.validators.get(url.href) : undefined;
      let res: ExchangeResponse;
      for (let hops = 0; ; hops++) {
        const extra = hops === 0 ? conditionalHeaders(validators) : {};
        res = await this.withRetries(request, url, method, { ...headers, ...extra }, body);
        const location = res.headers.location;
        if (!redirectStatuses.has(res.status) || !location) break;
        if (hops >= this.maxRedirects) {
          throw new LinhaiError(
            'net-too-many-redirects',
            `${request.url}: more than ${this.maxRedirects} redirects (a loop?)`,
            { details: { url: request.url, last: url.href, maxRedirects: this.maxRedirects } },
          );
        }
        url = requestUrl(new URL(location, url).href, undefined);
        if (
          res.status === 303 ||
          ((res.status === 301 || res.status === 302) && method === 'POST')
        ) {
          method = 'GET';
          body = undefined;
          delete headers['content-type'];
        }
      }
      const notModified = res.status === 304 && validators !== undefined;
      if (throwOnStatus && res.status >= 400) throw this.statusError(res, url);
      if (request.conditional && res.status === 200) {
        const etag = res.headers.etag;
        const lastModified = res.headers['last-modified'];
        if (etag || lastModified) this.validators.set(url.href, { etag, lastModified });
      }
      const elapsedMs = performance.now() - started;
      this.record(request, url, true, undefined, elapsedMs);
      return makeResponse({ url: url.href, ...res, notModified, elapsedMs, charset });
    } catch (error) {
      const code = isLinhaiError(error) ? error.code : 'aborted';
      const status = isLinhaiError(error, 'net-http-status')
        ? `http-${error.details.status}`
        : code;
      this.record(request, url, false, status, performance.now() - started);
      if (isLinhaiError(error) && source && error.details.source === undefined) {
        (error.details as Record<string, unknown>).source = source;
      }
      throw error;
    }
  }

  private record(
    req: FetchRequest,
    url: URL | undefined,
    ok: boolean,
    code: string | undefined,
    ms: number,
  ): void {
    this.healthRecorder.record({
      source: req.source?.key ?? '',
      kind: req.kind,
      host: url?.host ?? '',
      ok,
      code,
      elapsedMs: ms,
      at: this.clock.now(),
    });
  }

  private statusError(res: ExchangeResponse, url: URL): LinhaiError {
    const after = retryAfterMs(res.headers['retry-after'], this.clock.now());
    if ((res.status === 429 || res.status === 503) && after !== undefined) {
      return new LinhaiError(
        'net-rate-limited',
        `${url.host} asks to wait ${Math.ceil(after / 1000)} s (HTTP ${res.status})`,
        {
          details: { url: url.href, host: url.host, status: res.status },
          retryAfterMs: after,
        },
      );
    }
    return new LinhaiError('net-http-status', `${url.href} answered HTTP ${res.status}`, {
      details: { url: url.href, host: url.host, status: res.status },
    });
  }

  /** One hop with retries on transient failures (idempotent methods only). */
  private async withRetries(
    request: FetchRequest,
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Uint8Array | undefined,
  ): Promise<ExchangeResponse> {
    const idempotent = method === 'GET' || method === 'HEAD';
    for (let attempt = 0; ; attempt++) {
      let res: unknown;
      try {
        res = await this.attempt(request, url, method, headers, body);
      } catch (error) {
        res = error;
      }
      const last = !idempotent || request.retry === false || attempt >= this.retry.retries;
      if (!(res instanceof Error)) {
        const status = (res as ExchangeResponse).status;
        const transient = status === 429 || retryableStatuses.has(status);
        const after = retryAfterMs(
          (res as ExchangeResponse).headers['retry-after'],
          this.clock.now(),
        );
        // The whole host waits, not just this request: every caller shares the pause.
        if (after !== undefined) await this.budget.pause(url.host, this.clock.now() + after);
        if (!transient || last) return res as ExchangeResponse;
        if (after !== undefined) {
          if (after > this.retry.maxRetryAfterMs) return res as ExchangeResponse;
          continue; // the budget holds this retry back until the pause ends
        }
      } else if (last || !this.transientError(res)) {
        throw res;
      }
      const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** attempt);
      await this.clock.sleep(this.random() * cap, request.signal);
    }
  }

  private transientError(error: unknown): boolean {
    if (isLinhaiError(error, 'net-connection')) return true;
    return isLinhaiError(error, 'net-timeout') && error.details.phase === 'connect';
  }

  private async attempt(
    request: FetchRequest,
    url: URL,
    method: string,
    baseHeaders: Record<string, string>,
    body: Uint8Array | undefined,
  ): Promise<ExchangeResponse> {
    const host = url.host;
    const policy = request.source;
    this.guard.checkUrlHost(url.hostname);
    const proxy = proxyFor(url, policy?.proxy, this.proxyEnv);
    // A source's proxy is checked like a target; the environment's is the administrator's own.
    const proxyGuard = proxy && proxy === policy?.proxy ? this.guard : undefined;
    const proxyUrl = proxy ? parseProxyUrl(proxy, proxyGuard) : undefined;
    // Through a proxy the proxy resolves the name, so check it here (direct connections are
    // checked inside the socket's lookup, on the very address connected to).
    if (proxy) await this.guard.resolve(url.hostname);
    // Nearly always answered from the cache: no await (and no promise) then.
    const robots = this.robotsVerdict(request, url);
    if (robots) await robots;
    this.breakers.admit(host);
    let verdict: 'ok' | 'fail' | 'none' = 'none';
    let release: (() => void) | undefined;
    const deadline = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const jarKey = cookieJarOf(policy);
    try {
      await this.cookies.ready(jarKey);
      release = await this.budget.acquire(host, request.kind, {
        signal: request.signal,
        ...(policy?.raisedBudget
          ? { raise: this.raise(policy.key, policy.raisedBudget) }
          : { limits: parseConcurrentRate(policy?.concurrentRate) }),
      });
      const timeoutMs = request.timeoutMs ?? this.timeouts.totalMs;
      timer = setTimeout(() => deadline.abort(), timeoutMs);
      const signal = request.signal
        ? AbortSignal.any([deadline.signal, request.signal])
        : deadline.signal;
      const headers: Record<string, string> = {
        'user-agent': this.userAgent,
        accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
        'accept-encoding': 'gzip, deflate, br',
        ...baseHeaders,
      };
      const cookie = this.cookies.header(jarKey, url.href);
      if (cookie) headers.cookie = headers.cookie ? `${headers.cookie}; ${cookie}` : cookie;
      const res = await exchange({
        url,
        method,
        headers,
        body,
        dispatcher: this.dispatcher(proxyUrl, proxyGuard),
        maxBodyBytes: Math.min(this.maxBodyBytes, request.maxBodyBytes ?? Infinity),
        headersTimeoutMs: Math.min(this.timeouts.firstByteMs, timeoutMs),
        bodyTimeoutMs: this.timeouts.bodyIdleMs,
        signal,
        deadline: deadline.signal,
      });
      await this.cookies.store(jarKey, url.href, res.setCookies);
      // 429 says "too fast", not "broken": Retry-After handles it, the breaker does not.
      verdict = res.status === 429 ? 'none' : res.status >= 500 ? 'fail' : 'ok';
      return res;
    } catch (error) {
      if (isLinhaiError(error, 'net-connection') || isLinhaiError(error, 'net-timeout'))
        verdict = 'fail';
      throw error;
    } finally {
      clearTimeout(timer);
      release?.();
      if (verdict === 'ok') this.breakers.success(host);
      else if (verdict === 'fail') this.breakers.failure(host);
      else this.breakers.abandon(host);
    }
  }

  /** Throws `net-refused-robots` when robots.txt disallows the URL; a promise when it must be fetched. */
  private robotsVerdict(request: FetchRequest, url: URL): Promise<void> | undefined {
    if (request.kind === 'robots' || this.options.robots === false) return undefined;
    if (request.source?.respectRobots === false) {
      const key = request.source.key;
      this.robotsOverrides.set(key, (this.robotsOverrides.get(key) ?? 0) + 1);
      return undefined;
    }
    const cached = this.robots.cached(url);
    if (cached) return this.obey(cached, url);
    return this.robots.check(url, request.signal, request.source).then((v) => this.obey(v, url));
  }

  private obey(verdict: RobotsVerdict, url: URL): undefined {
    if (verdict.allowed) return undefined;
    throw new LinhaiError(
      'net-refused-robots',
      `robots.txt of ${url.host} disallows ${url.pathname} (${verdict.rule})`,
      { details: { url: url.href, host: url.host, rule: verdict.rule } },
    );
  }

  #directAgent(): Agent {
    const { options } = this;
    return (this.#direct ??= new (undici().Agent)({
      connect: {
        timeout: this.timeouts.connectMs,
        lookup: this.guard.connectLookup(),
        ...(options.ca ? { ca: [...rootCertificates, ...[options.ca].flat()] } : {}),
      },
      keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
      headersTimeout: this.timeouts.firstByteMs,
      bodyTimeout: this.timeouts.bodyIdleMs,
    }));
  }

  private dispatcher(proxy: URL | undefined, guard: AddressGuard | undefined): Dispatcher {
    if (!proxy) return this.#directAgent();
    const key = `${guard ? 'checked' : 'trusted'} ${proxy.href}`;
    let agent = this.proxies.get(key);
    if (!agent) {
      // A source's header script can name a new proxy per request: keep the newest few agents.
      const oldest = this.proxies.size >= maxProxyAgents ? this.proxies.keys().next() : undefined;
      if (oldest && !oldest.done) {
        void this.proxies.get(oldest.value)?.close(); // graceful: requests in flight finish
        this.proxies.delete(oldest.value);
      }
      agent = guardedProxyAgent(proxy, {
        guard,
        connectMs: this.timeouts.connectMs,
        firstByteMs: this.timeouts.firstByteMs,
        bodyIdleMs: this.timeouts.bodyIdleMs,
      });
      this.proxies.set(key, agent);
    }
    return agent;
  }

  health(): NetHealth {
    const breakers = new Map(this.breakers.snapshot().map((b) => [b.host, b]));
    return {
      sources: this.healthRecorder.snapshot(),
      hosts: this.budget.snapshot().map((h) => ({
        ...h,
        breaker: breakers.get(h.host)?.state ?? 'closed',
        failures: breakers.get(h.host)?.failures ?? 0,
      })),
      robotsOverrides: [...this.robotsOverrides].map(([source, requests]) => ({
        source,
        requests,
      })),
      budgetRaises: [...this.budgetRaises].map(([source, raised]) => ({ source, ...raised })),
    };
  }

  /** Counts a request under an administrator's raised budget (shown in health, like robots). */
  private raise(key: string, raised: RaisedBudget): RaisedBudget {
    const seen = this.budgetRaises.get(key);
    this.budgetRaises.set(key, { ...raised, requests: (seen?.requests ?? 0) + 1 });
    return raised;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([this.#direct?.close(), ...[...this.proxies.values()].map((p) => p.close())]);
  }
}
