/**
 * robots.txt per origin, fetched once through the client itself (so the guard and the budget
 * apply), cached, and obeyed. Following RFC 9309: 2xx is parsed, 4xx means everything is allowed,
 * 5xx means everything is disallowed for a short while. Network failures are not cached: the
 * request that asked fails with the network error itself, which says more than "robots".
 */
import type { Clock } from '#model';
import { RobotsRules } from './robots-rules.ts';
import type { RobotsVerdict } from './robots-rules.ts';
import type { SourcePolicy } from './types.ts';

interface RobotsFetchResult {
  readonly status: number;
  readonly body: Uint8Array;
}

interface Entry {
  readonly rules?: RobotsRules | undefined;
  /** Set when the file could not be read in a way RFC 9309 defines (4xx: allow, 5xx: disallow). */
  readonly verdict?: RobotsVerdict | undefined;
  readonly expires: number;
}

interface RobotsCacheOptions {
  readonly agent: string;
  readonly ttlMs: number;
  readonly errorTtlMs: number;
  readonly clock: Clock;
  /** Fetches `<origin>/robots.txt` (through the asking source's proxy); throws on network failure. */
  readonly fetch: (
    url: string,
    signal: AbortSignal | undefined,
    source: SourcePolicy | undefined,
  ) => Promise<RobotsFetchResult>;
  /** Told the Crawl-delay (ms) of each origin whose file names one. */
  readonly onCrawlDelay?: (origin: URL, delayMs: number) => void;
}

export class RobotsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry>>();

  constructor(private readonly options: RobotsCacheOptions) {}

  async check(url: URL, signal?: AbortSignal, source?: SourcePolicy): Promise<RobotsVerdict> {
    return this.verdict(await this.entry(url, signal, source), url);
  }

  /** The verdict from the cache alone; undefined when the file must be fetched first. */
  cached(url: URL): RobotsVerdict | undefined {
    const entry = this.entries.get(url.origin);
    if (!entry || entry.expires <= this.options.clock.now()) return undefined;
    return this.verdict(entry, url);
  }

  private verdict(entry: Entry, url: URL): RobotsVerdict {
    return entry.verdict ?? entry.rules!.check(url.href, this.options.agent);
  }

  private async entry(url: URL, signal?: AbortSignal, source?: SourcePolicy): Promise<Entry> {
    const origin = url.origin;
    const cached = this.entries.get(origin);
    if (cached && cached.expires > this.options.clock.now()) return cached;
    let pending = this.pending.get(origin);
    if (!pending) {
      pending = this.load(url, signal, source).finally(() => this.pending.delete(origin));
      this.pending.set(origin, pending);
    }
    return pending;
  }

  private async load(url: URL, signal?: AbortSignal, source?: SourcePolicy): Promise<Entry> {
    const { clock, ttlMs, errorTtlMs } = this.options;
    const result = await this.options.fetch(`${url.origin}/robots.txt`, signal, source);
    let entry: Entry;
    if (result.status >= 200 && result.status < 300) {
      const rules = new RobotsRules(result.body.subarray(0, 500 * 1024)); // Google reads 500 KiB
      entry = { rules, expires: clock.now() + ttlMs };
      const delay = rules.crawlDelayMs(this.options.agent);
      if (delay !== undefined && delay > 0) this.options.onCrawlDelay?.(url, delay);
    } else if (result.status >= 500) {
      entry = {
        verdict: {
          allowed: false,
          rule: `robots.txt answered ${result.status} (RFC 9309: disallow all)`,
        },
        expires: clock.now() + errorTtlMs,
      };
    } else {
      entry = { verdict: { allowed: true, rule: '' }, expires: clock.now() + ttlMs };
    }
    this.entries.set(url.origin, entry);
    return entry;
  }
}
