/**
 * The network layer's own request and response types. Callers (the source driver, the chase)
 * depend on these, never on undici's types.
 */

/** What a request is for: each kind has its own share of a host's politeness budget. */
export type RequestKind =
  'search' | 'info' | 'toc' | 'content' | 'explore' | 'probe' | 'robots' | 'other';

/** Per-source policy carried with each request of that source. */
export interface SourcePolicy {
  /** The source's key (its `bookSourceUrl`): cookie jar, health figures and per-source overrides. */
  readonly key: string;
  /**
   * The cookie jar its requests use, when not the source's own (`key`): a user's login keeps its
   * cookies in a jar of that user and source (see `cookieJarOf`).
   */
  readonly cookieJar?: string;
  /** Legado `concurrentRate`: "500" (one request per 500 ms) or "3/1000" (3 per 1000 ms). */
  readonly concurrentRate?: string;
  /** Proxy URL for this source (http:// or https://). */
  readonly proxy?: string;
  /** false when an administrator overrode robots.txt for this source (recorded and shown). */
  readonly respectRobots?: boolean;
  /**
   * An administrator's raised budget for this source's requests (e.g. a site they run): it takes
   * the place of the host defaults and of the source's own `concurrentRate`; robots.txt (its rules
   * and Crawl-delay) and Retry-After still apply. Recorded like the robots override.
   */
  readonly raisedBudget?: RaisedBudget;
  /** Charset forced by the source (Legado `charset` option); overrides sniffing when set. */
  readonly charset?: string;
}

/** Limits an administrator set for one source, each above the host default. */
export interface RaisedBudget {
  /** Requests in flight at once. */
  readonly concurrency?: number;
  /** Least time between request starts, in ms. */
  readonly minIntervalMs?: number;
}

export interface FetchRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'HEAD';
  readonly headers?: Readonly<Record<string, string>>;
  /** A string body is encoded in `charset` (default UTF-8); bytes are sent as they are. */
  readonly body?: string | Uint8Array;
  /** The charset for encoding a string body and for decoding the response, when set. */
  readonly charset?: string;
  readonly kind: RequestKind;
  readonly source?: SourcePolicy;
  /** Send If-None-Match / If-Modified-Since remembered for this URL; a 304 yields `notModified`. */
  readonly conditional?: boolean;
  readonly signal?: AbortSignal;
  /** Total time allowed for this request, overriding the default. */
  readonly timeoutMs?: number;
  /** A lower body cap than the client's for this request (covers take 2 MiB): `net-too-large`. */
  readonly maxBodyBytes?: number;
  /**
   * `false`: one attempt, its own outcome (a probe asks whether a site answers at all: retries
   * would turn a refused connection or a 500 into an open breaker, hiding which it was).
   */
  readonly retry?: false;
}

export interface FetchResponse {
  /** The final URL, after redirects. */
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
  /** The body decoded with `charset`. Empty when `notModified`. */
  readonly text: string;
  /** The charset the body was decoded with, lower case WHATWG name (e.g. "gb18030", "utf-8"). */
  readonly charset: string;
  /** True when a conditional request got 304 Not Modified. */
  readonly notModified: boolean;
  readonly elapsedMs: number;
}

/** The one door to the network. Implementations: the real client, and test doubles in tests only. */
export interface Fetcher {
  fetch(request: FetchRequest): Promise<FetchResponse>;
}
