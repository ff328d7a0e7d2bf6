// The network layer's door: every request Linhai makes to a novel site goes through here.
export type {
  Fetcher,
  FetchRequest,
  FetchResponse,
  RaisedBudget,
  RequestKind,
  SourcePolicy,
} from './types.ts';
export { createHttpClient } from './client.ts';
export type { HttpClient, NetHealth } from './client.ts';
export type { HttpClientOptions, PolitenessOptions, RetryOptions, Timeouts } from './options.ts';
export {
  defaultMaxBodyBytes,
  defaultMaxRedirects,
  defaultPoliteness,
  defaultRetry,
  defaultTimeouts,
  defaultUserAgent,
} from './options.ts';
export {
  InProcessHostBudget,
  defaultHostLimits,
  defaultKindShares,
  mergeLimits,
} from './host-budget.ts';
export type {
  AcquireOptions,
  HostBudget,
  HostBudgetSnapshot,
  HostLimits,
  KindShare,
  Release,
} from './host-budget.ts';
export { parseConcurrentRate } from './rate.ts';
export { AddressGuard, parseAllowList } from './guard.ts';
export type { LookupFunction } from './guard.ts';
export { RobotsRules } from './robots-rules.ts';
export type { RobotsVerdict } from './robots-rules.ts';
export {
  decodeBody,
  decodeWith,
  encodeText,
  encodeUrl,
  normalizeCharset,
  percentEncodeNonAscii,
} from './charset.ts';
export type { CharsetSource, DecodedBody } from './charset.ts';
export { MemoryValidatorStore } from './validators.ts';
export type { ValidatorStore, Validators } from './validators.ts';
export type { SourceHealth } from './health.ts';
export type { BreakerOptions, BreakerState } from './breaker.ts';
export { cookieJarOf } from './cookies.ts';
export type { CookieJars, SharedCookieChange, SharedCookieJarStore } from './cookies.ts';
export { RedisHostBudget } from './redis-host-budget.ts';
export type { RedisHostBudgetOptions } from './redis-host-budget.ts';
export { createBrowserPool, openBrowserTier } from './browser-pool.ts';
export type { BrowserPoolOptions } from './browser-pool.ts';
export { enableBrowserHint, findChromium } from './browser-launch.ts';
export type {
  BrowserTier,
  BrowserTierStats,
  RenderRequest,
  RenderResult,
} from './browser-types.ts';
