import type { DemoTemplate, DemoBook, DemoTocEntry } from './catalogue.ts';
import type { BoilerplateTruth } from './boilerplate.ts';
import type { DemoClock } from './clock.ts';

export interface DemoSiteSpec {
  template: DemoTemplate;
  /** Unique within a cluster; defaults to the template name (then `biquge-2`, …). */
  name?: string;
  /** 0 or absent: any free port. */
  port?: number;
  /** The site shows a chapter only `lagMs` after it is published (a slower mirror). */
  lagMs?: number;
  /** Mix varying boilerplate lines into chapters (see boilerplate.ts). */
  boilerplate?: boolean;
  /**
   * An advert line at the head and one at the tail of every chapter that vary from chapter to
   * chapter (a digit in the domain, the chapter number and title, a zero-width space, or on the
   * GBK site the `?` its encoder made of it), as on a biquge-style site the cleaner never saw.
   */
  edgeAdverts?: boolean;
  /** robots.txt body; the default disallows only /__demo/ and /admin/. */
  robots?: string;
}

export type FaultKind =
  | 'latency'
  | 'hang'
  | 'status'
  | 'retry-after'
  | 'truncate'
  | 'ban'
  | 'captcha'
  | 'challenge'
  | 'placeholder'
  | 'wrong-charset'
  | 'redirect-loop'
  | 'huge'
  | 'repeat-previous';

/**
 * A misbehaviour. Faults are checked in order for each request (control paths under /__demo/
 * excepted). Every matching `latency` fault delays the request; then the first other matching
 * fault decides what happens. See README.md for each kind's defaults.
 */
export interface Fault {
  kind: FaultKind;
  /** Substring of the request path (with query) it applies to, or `/regex/flags` (read as a
   * regex when the inside has a regex metacharacter); all paths when absent. */
  path?: string;
  /** How many requests it applies to before clearing itself; forever when absent. */
  times?: number;
  /** latency: delay (default 1000). hang: close the connection after ms (default: never answer). */
  ms?: number;
  /** status: the status (default 500); retry-after: default 429; ban: default 403; captcha: default 200. */
  status?: number;
  /** retry-after: the Retry-After seconds (default 2). */
  retryAfterSeconds?: number;
  /** truncate: bytes sent (default half the body); huge: body size (default 50 MiB). */
  bytes?: number;
  /**
   * truncate: `complete` sends a well-formed response whose page is cut (Content-Length = bytes)
   * instead of closing the connection mid-body. wrong-charset: `header` (default: the header
   * names the wrong charset, `<meta>` the right one), `none` (no label anywhere), `meta` (no
   * header label, `<meta>` names the wrong one).
   */
  variant?: 'complete' | 'header' | 'none' | 'meta';
}

export interface RequestRecord {
  method: string;
  /** Path with query, as requested. */
  path: string;
  /** Wall-clock ms (fractional) when the request arrived. */
  startedAt: number;
  /** Wall-clock ms when the response ended or the connection closed; undefined while in flight. */
  endedAt: number | undefined;
  /** The status sent; undefined when none was sent (hang, or still in flight). */
  status: number | undefined;
}

export interface DemoSite {
  readonly template: DemoTemplate;
  readonly name: string;
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The Legado book source (a plain JSON object, bookSourceUrl = origin) that reads this site. */
  readonly source: Record<string, unknown>;
  setFaults(faults: Fault[]): void;
  clearFaults(): void;
  readonly requests: readonly RequestRecord[];
  clearRequests(): void;
  /** Peak number of requests in flight at once since the last clearRequests(). */
  peakConcurrency(): number;

  // ---- beyond the agreed interface: handy for tests of every layer ----
  readonly displayName: string;
  readonly brandDomain: string;
  readonly boilerplate: boolean;
  readonly edgeAdverts: boolean;
  readonly lagMs: number;
  readonly charset: 'gbk' | 'utf-8';
  readonly faults: readonly Fault[];
  setLag(ms: number): void;
  setRobots(body: string): void;
  /** The site's time: clock.now() − lagMs. */
  siteNow(): number;
  /** Books this site carries. */
  books(): DemoBook[];
  /** This site's table of contents of a book, as visible now. */
  toc(bookId: number): readonly DemoTocEntry[];
  /** Absolute URLs of a book's page, its TOC (first page) and a true chapter on this site. */
  bookUrl(bookId: number): string;
  tocUrl(bookId: number): string;
  chapterUrl(bookId: number, index: number): string;
  /** The request the site's search form sends for `keyword` (GBK body for biquge). */
  searchRequest(keyword: string): {
    url: string;
    method: 'GET' | 'POST';
    body?: Buffer;
    headers?: Record<string, string>;
  };
  /** Lines the site serves for a chapter, with what it added labelled. */
  truth(bookId: number, index: number): BoilerplateTruth;
}

export interface DemoCluster {
  readonly sites: DemoSite[];
  readonly clock: DemoClock;
  /** The site of that name (or the first of that template). */
  site(nameOrTemplate: string): DemoSite;
  close(): Promise<void>;
}
