/**
 * Options of `createHttpClient`, with the defaults documented in src/net/README.md.
 */
import type { Clock } from '#model';
import type { BreakerOptions } from './breaker.ts';
import type { SharedCookieJarStore } from './cookies.ts';
import type { LookupFunction } from './guard.ts';
import type { HostBudget, KindShare } from './host-budget.ts';
import type { RequestKind } from './types.ts';
import type { ValidatorStore } from './validators.ts';

export interface Timeouts {
  /** TCP (and TLS) connection. */
  readonly connectMs: number;
  /** From sending the request to the response headers. */
  readonly firstByteMs: number;
  /** Longest silence while the body streams. */
  readonly bodyIdleMs: number;
  /** Whole exchange of one attempt, from the moment the budget grants it a slot. */
  readonly totalMs: number;
}

export interface RetryOptions {
  /** Extra attempts for idempotent requests (GET, HEAD) on transient failures. */
  readonly retries: number;
  /** Backoff: a random delay in [0, min(maxDelayMs, baseDelayMs · 2^attempt)] ("full jitter"). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the caller gets `net-rate-limited`. */
  readonly maxRetryAfterMs: number;
}

export interface PolitenessOptions {
  /** Requests in flight per host. */
  readonly concurrency: number;
  /** Least time between request starts per host. */
  readonly minIntervalMs: number;
  /** Weights and slot fractions per request kind. */
  readonly shares?: Partial<Record<RequestKind, KindShare>>;
  /** robots.txt Crawl-delay is obeyed up to this many ms. */
  readonly maxCrawlDelayMs: number;
}

export interface HttpClientOptions {
  /** Hosts, addresses and CIDR ranges the guard lets through; added to `LINHAI_ALLOW_HOSTS`. */
  readonly allowHosts?: readonly string[];
  /** Environment to read `LINHAI_ALLOW_HOSTS` and the proxy variables from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  readonly userAgent?: string;
  /** The token matched against robots.txt `User-agent` lines. */
  readonly robotsAgent?: string;
  readonly timeouts?: Partial<Timeouts>;
  readonly maxBodyBytes?: number;
  readonly maxRedirects?: number;
  readonly politeness?: Partial<PolitenessOptions>;
  /** The per-host budget; default an in-process one built from `politeness`. */
  readonly budget?: HostBudget;
  /** Obey robots.txt (default true); a source can still opt out with `respectRobots: false`. */
  readonly robots?: boolean;
  readonly robotsTtlMs?: number;
  /**
   * Where cookie jars are shared with the installation's other processes (the store); undefined
   * keeps them in this process's memory only.
   */
  readonly cookieStore?: SharedCookieJarStore;
  /** How long a process trusts its copy of a shared jar before checking its version (1 s). */
  readonly cookieRecheckMs?: number;
  readonly clock?: Clock;
  /** DNS resolution for the guard (tests give their own resolver). */
  readonly lookup?: LookupFunction;
  readonly validators?: ValidatorStore;
  readonly retry?: Partial<RetryOptions>;
  readonly breaker?: Partial<BreakerOptions>;
  /** Random numbers in [0, 1) for backoff jitter. */
  readonly random?: () => number;
  /** Extra certificate authorities to trust (PEM), e.g. an internal CA; the system's stay trusted. */
  readonly ca?: string | readonly string[];
  /** Idle keep-alive connections close after this long. */
  readonly keepAliveTimeoutMs?: number;
}

export const defaultUserAgent = 'Mozilla/5.0 (compatible; Linhai/0.1; self-hosted novel reader)';

export const defaultTimeouts: Timeouts = {
  connectMs: 10_000,
  firstByteMs: 15_000,
  bodyIdleMs: 15_000,
  totalMs: 30_000,
};

export const defaultRetry: RetryOptions = {
  retries: 2,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

export const defaultPoliteness: PolitenessOptions = {
  concurrency: 4,
  minIntervalMs: 250,
  maxCrawlDelayMs: 30_000,
};

export const defaultMaxBodyBytes = 10 * 1024 * 1024;
export const defaultMaxRedirects = 10;
