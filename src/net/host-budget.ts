/**
 * One politeness budget per host, shared by every user, book and caller in the process: a
 * concurrency limit, a minimum interval between request starts, an optional window ("3 per
 * 1000 ms", Legado's `concurrentRate`), pauses for Retry-After, and shares per request kind so that
 * bulk content downloads never starve search. `HostBudget` is the interface a distributed (Redis)
 * budget implements later; `InProcessHostBudget` is the one used today.
 */
import type { Clock } from '#model';
import type { RequestKind } from './types.ts';

/** Limits for a host. A request may bring stricter ones (its source's `concurrentRate`). */
export interface HostLimits {
  /** Requests in flight at once. */
  readonly concurrency: number;
  /** Least time between two request starts, in ms. */
  readonly minIntervalMs: number;
  /** At most `count` starts in any `ms` window. */
  readonly window?: { readonly count: number; readonly ms: number } | undefined;
}

/** A kind's share: `weight` for fair ordering of waiting requests, `maxFraction` of the slots. */
export interface KindShare {
  readonly weight: number;
  readonly maxFraction: number;
}

export type Release = () => void;

export interface AcquireOptions {
  readonly signal?: AbortSignal | undefined;
  /** Stricter limits for this request, merged with the host's (the stricter value wins). */
  readonly limits?: Partial<HostLimits> | undefined;
  /** An administrator's raised limits for this request's source: they replace the defaults. */
  readonly raise?: Partial<HostLimits> | undefined;
}

/** The per-host budget. Async throughout so a Redis implementation fits behind it. */
export interface HostBudget {
  /** Waits for a slot on `host` for a request of `kind`; call the returned release when done. */
  acquire(host: string, kind: RequestKind, options?: AcquireOptions): Promise<Release>;
  /** No new request starts on `host` before `untilMs` (clock time): Retry-After, 429. */
  pause(host: string, untilMs: number): Promise<void>;
  /** Host-wide limits learned at run time (robots.txt Crawl-delay); merged like request limits. */
  setHostLimits(host: string, limits: Partial<HostLimits>): Promise<void>;
  snapshot(): HostBudgetSnapshot[];
}

export interface HostBudgetSnapshot {
  readonly host: string;
  readonly active: number;
  readonly queued: number;
  readonly pausedUntil?: number | undefined;
  readonly peakActive: number;
}

export const defaultHostLimits: HostLimits = { concurrency: 4, minIntervalMs: 250 };

/**
 * Search first, content last: the weights order waiting requests (stride scheduling: with both
 * queued, search starts 8 requests for each content download). No kind is capped by default;
 * `maxFraction` < 1 reserves slots for the other kinds (e.g. content 0.75 keeps a quarter free).
 */
export const defaultKindShares: Readonly<Record<RequestKind, KindShare>> = {
  robots: { weight: 16, maxFraction: 1 },
  search: { weight: 8, maxFraction: 1 },
  info: { weight: 4, maxFraction: 1 },
  probe: { weight: 4, maxFraction: 1 },
  toc: { weight: 2, maxFraction: 1 },
  explore: { weight: 2, maxFraction: 1 },
  other: { weight: 2, maxFraction: 1 },
  content: { weight: 1, maxFraction: 1 },
};

/**
 * A request's limits: the defaults (or an administrator's raise in their place), then the host's
 * learned limits (robots.txt Crawl-delay) and the request's own, the stricter value winning.
 */
export function requestLimits(
  defaults: HostLimits,
  hostLimits: Partial<HostLimits> | undefined,
  options: AcquireOptions,
): HostLimits {
  const base = options.raise ? { ...defaults, ...options.raise } : defaults;
  return mergeLimits(mergeLimits(base, hostLimits), options.limits);
}

/** The stricter of two limit sets. */
export function mergeLimits(a: HostLimits, b: Partial<HostLimits> | undefined): HostLimits {
  if (!b) return a;
  const window =
    a.window && b.window
      ? a.window.ms / a.window.count >= b.window.ms / b.window.count
        ? a.window
        : b.window
      : (a.window ?? b.window);
  return {
    concurrency: Math.max(1, Math.min(a.concurrency, b.concurrency ?? Infinity)),
    minIntervalMs: Math.max(a.minIntervalMs, b.minIntervalMs ?? 0),
    window,
  };
}

interface Waiter {
  readonly kind: RequestKind;
  readonly limits: HostLimits;
  readonly grant: (release: Release) => void;
  readonly fail: (reason: unknown) => void;
  readonly signal?: AbortSignal | undefined;
  readonly onAbort: () => void;
}

interface HostState {
  active: number;
  peakActive: number;
  readonly activeByKind: Map<RequestKind, number>;
  readonly waiters: Waiter[];
  /** The start slot last granted; slots follow a grid so timer lateness does not add up. */
  lastSlot: number;
  readonly starts: number[];
  pausedUntil: number;
  hostLimits?: Partial<HostLimits> | undefined;
  /** Stride scheduling: the kind with the lowest pass goes next; each start adds 1/weight. */
  readonly pass: Map<RequestKind, number>;
  wakeAt: number;
}

export class InProcessHostBudget implements HostBudget {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly clock: Clock,
    private readonly defaults: HostLimits = defaultHostLimits,
    private readonly shares: Readonly<Record<RequestKind, KindShare>> = defaultKindShares,
  ) {}

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) {
      s = {
        active: 0,
        peakActive: 0,
        activeByKind: new Map(),
        waiters: [],
        lastSlot: -Infinity,
        starts: [],
        pausedUntil: 0,
        pass: new Map(),
        wakeAt: Infinity,
      };
      this.hosts.set(host, s);
    }
    return s;
  }

  acquire(host: string, kind: RequestKind, options: AcquireOptions = {}): Promise<Release> {
    const s = this.state(host);
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Release>((resolve, reject) => {
      const waiter: Waiter = {
        kind,
        limits: requestLimits(this.defaults, s.hostLimits, options),
        grant: resolve,
        fail: reject,
        signal,
        onAbort: () => {
          const i = s.waiters.indexOf(waiter);
          if (i >= 0) s.waiters.splice(i, 1);
          reject(signal?.reason);
          this.pump(host);
        },
      };
      // A kind that was idle joins at the current pass, so it cannot bank credit while away.
      if (!s.waiters.some((w) => w.kind === kind)) {
        const passes = s.waiters.map((w) => s.pass.get(w.kind) ?? 0);
        const floor = passes.length ? Math.min(...passes) : 0;
        s.pass.set(kind, Math.max(s.pass.get(kind) ?? 0, floor));
      }
      s.waiters.push(waiter);
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.pump(host);
    });
  }

  async pause(host: string, untilMs: number): Promise<void> {
    const s = this.state(host);
    s.pausedUntil = Math.max(s.pausedUntil, untilMs);
  }

  async setHostLimits(host: string, limits: Partial<HostLimits>): Promise<void> {
    this.state(host).hostLimits = limits;
  }

  snapshot(): HostBudgetSnapshot[] {
    const now = this.clock.now();
    return [...this.hosts].map(([host, s]) => ({
      host,
      active: s.active,
      queued: s.waiters.length,
      pausedUntil: s.pausedUntil > now ? s.pausedUntil : undefined,
      peakActive: s.peakActive,
    }));
  }

  /** The waiter to start next: lowest pass among kinds still under their share of slots. */
  private pick(s: HostState): Waiter | undefined {
    let best: Waiter | undefined;
    let bestPass = Infinity;
    for (const w of s.waiters) {
      const share = this.shares[w.kind];
      const cap = Math.max(1, Math.floor(w.limits.concurrency * share.maxFraction));
      if ((s.activeByKind.get(w.kind) ?? 0) >= cap) continue;
      const pass = s.pass.get(w.kind) ?? 0;
      if (pass < bestPass) {
        best = w;
        bestPass = pass;
      }
    }
    return best;
  }

  private pump(host: string): void {
    const s = this.state(host);
    for (;;) {
      const w = this.pick(s);
      if (!w) return;
      const now = this.clock.now();
      if (s.active >= w.limits.concurrency) return;
      let slot = Math.max(now, s.pausedUntil, s.lastSlot + w.limits.minIntervalMs);
      const win = w.limits.window;
      if (win && s.starts.length >= win.count) {
        slot = Math.max(slot, s.starts[s.starts.length - win.count]! + win.ms);
      }
      if (slot > now) return this.wake(host, s, slot);
      // Keep to a grid while busy, so late timers (common on a loaded machine) do not add up and
      // the rate holds. A late start lets the following ones catch up by half an interval, or by
      // 25 ms for short intervals (at 100/s, a stalled event loop may yield 2–3 quick starts).
      const interval = w.limits.minIntervalMs;
      const ideal = Math.max(s.pausedUntil, s.lastSlot + interval);
      s.lastSlot = Math.max(ideal, now - Math.max(interval / 2, Math.min(25, 2.5 * interval)));
      s.starts.push(s.lastSlot);
      if (s.starts.length > 64) s.starts.splice(0, s.starts.length - 64);
      this.start(host, s, w);
    }
  }

  private start(host: string, s: HostState, w: Waiter): void {
    s.waiters.splice(s.waiters.indexOf(w), 1);
    w.signal?.removeEventListener('abort', w.onAbort);
    s.active++;
    s.peakActive = Math.max(s.peakActive, s.active);
    s.activeByKind.set(w.kind, (s.activeByKind.get(w.kind) ?? 0) + 1);
    s.pass.set(w.kind, (s.pass.get(w.kind) ?? 0) + 1 / this.shares[w.kind].weight);
    let released = false;
    w.grant(() => {
      if (released) return;
      released = true;
      s.active--;
      s.activeByKind.set(w.kind, (s.activeByKind.get(w.kind) ?? 1) - 1);
      this.pump(host);
    });
  }

  private wake(host: string, s: HostState, at: number): void {
    if (s.wakeAt <= at) return;
    s.wakeAt = at;
    void this.clock.sleep(at - this.clock.now()).then(() => {
      if (s.wakeAt === at) s.wakeAt = Infinity;
      this.pump(host);
    });
  }
}
