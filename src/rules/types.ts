/**
 * The rule engine's public types. The per-source driver (src/sources/) builds a `RuleContext` per
 * stage and hands the engine parsed responses; the engine never does I/O itself: network calls
 * made by scripts (`java.ajax`, `java.get(url, …)`, `java.post`) go through `RuleHost`.
 */

/** A JSON-like value crossing into scripts (mirrors the sandbox's `HostValue`, see src/rules/js). */
export type ScriptValue =
  | null
  | undefined
  | boolean
  | number
  | string
  | ScriptValue[]
  | { [key: string]: ScriptValue }
  | object;

/** Rule variables (`@put`, `@get`, `java.put/get`). Legado chains chapter → book → stage → source. */
export interface VariableStore {
  /** The value, or undefined when absent (an empty string counts as absent for chained reads). */
  get(key: string): string | undefined;
  put(key: string, value: string): void;
}

/** What a script-initiated request returns (the driver fetches through `#net`). */
export interface HostResponse {
  /** The final URL after redirects. */
  readonly url: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The body decoded as text. */
  readonly text: string;
  /** The raw body, when the host keeps it (`java.getZipStringContent` reads archives). */
  readonly bytes?: Uint8Array;
}

/** The engine's only door to the outside world; injected by the driver. */
export interface RuleHost {
  /** Performs one HTTP request built by the engine (`java.ajax`, `java.post`, `java.connect`...). */
  fetch(request: UrlRequest): Promise<HostResponse>;
  /** Cookie header value stored for a URL (`java.getCookie`, `cookie.getCookie`); optional. */
  getCookie?(url: string): Promise<string> | string;
  /**
   * `java.webView(html, url, js)`: the page at `url` (or `html` shown at `url`) rendered in the
   * browser tier, or the value of `script` run in it. Absent when the tier is off.
   */
  render?(request: { url: string; html?: string; script?: string }): Promise<string>;
}

/** The JS sandbox as the engine uses it (structurally the `Sandbox` of src/rules/js). */
export interface RuleSandbox {
  run(run: {
    code: string;
    bindings: Record<string, unknown>;
    timeLimitMs?: number;
  }): Promise<unknown>;
  runSync(run: { code: string; bindings: Record<string, unknown>; timeLimitMs?: number }): unknown;
}

/**
 * Everything a rule evaluation may read besides its input. One per stage (search, info, toc,
 * content), reused for every item of that stage.
 */
export interface RuleContext {
  /**
   * The URL relative links resolve against: the final (post-redirect) response URL. Defaults to the
   * `baseUrl` of the `ParsedContent` the rule runs on; must be set when rules run on list items.
   */
  readonly baseUrl?: string;
  /** `@put`/`@get` target; the driver persists it (book/chapter `variable` JSON). */
  readonly variables: VariableStore;
  /**
   * Extra script bindings: `book`, `chapter`, `source`, `key`, `page`, `title`, `cookie`, `cache`…
   * (values may be the sandbox's HostObjects). `result`, `src`, `baseUrl` and `java` are set by
   * the engine.
   */
  readonly bindings?: Readonly<Record<string, unknown>>;
  /** The JS sandbox; without it any JS rule throws LinhaiError('capability-missing'). */
  readonly sandbox?: RuleSandbox;
  /** Network host for `java.ajax` & co; without it they throw 'capability-missing'. */
  readonly host?: RuleHost;
  /** Collects `java.log` lines and engine diagnostics. */
  readonly log?: (line: string) => void;
  /** Per-regex time limit (ms); default 3000 as Legado. */
  readonly regexTimeLimitMs?: number;
  /** Per-script time limit (ms); default the sandbox's. */
  readonly scriptTimeLimitMs?: number;
  /** Extra helpers merged into the `java` object (e.g. `createPureJavaHelpers()`). */
  readonly javaHelpers?: Readonly<Record<string, (...args: never[]) => unknown>>;
}

/** Options of `getString` / `getStringList`. */
export interface StringRuleOptions {
  /** Make results absolute URLs (getString: first match only, empty → base URL). */
  readonly isUrl?: boolean;
  /** Unescape HTML entities when the result contains `&` (default true for getString). */
  readonly unescape?: boolean;
}

/** A fully built request from a URL template (`buildRequest`). Compatible with `#net` FetchRequest. */
export interface UrlRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST' | 'HEAD';
  readonly headers: Readonly<Record<string, string>>;
  /** Already-encoded body: a string (UTF-8 / JSON) or bytes encoded in `charset`. */
  readonly body?: string | Uint8Array;
  /** The `charset` option (query/form encoding). Response decoding ignores it (Legado). */
  readonly charset?: string;
  /** Remaining options, kept for the driver: `type`, `retry`, `webView`, `webJs`, `js`… */
  readonly options: Readonly<Record<string, unknown>>;
  /** True when the `webView` option asks for a browser (capability the driver may lack). */
  readonly webView: boolean;
  readonly retry: number;
}

/** Inputs of `buildRequest`. */
export interface UrlContext {
  /** Base for relative URLs (e.g. `bookSourceUrl`, which may end in `#…`). */
  readonly baseUrl: string;
  /** Search keyword (`{{key}}`), if any. */
  readonly key?: string;
  /** 1-based page (`{{page}}`, `<a,b,c>` lists); page lists are only expanded when set. */
  readonly page?: number;
  /** Source-level headers (already parsed JSON), merged under the `headers` option. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Same meaning as in RuleContext. */
  readonly variables?: VariableStore;
  readonly bindings?: Readonly<Record<string, unknown>>;
  readonly sandbox?: RuleSandbox;
  readonly host?: RuleHost;
  readonly log?: (line: string) => void;
  readonly scriptTimeLimitMs?: number;
  readonly javaHelpers?: Readonly<Record<string, (...args: never[]) => unknown>>;
}
