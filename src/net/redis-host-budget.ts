/**
 * The per-host politeness budget shared by every worker on every machine (`LINHAI_REDIS_URL`):
 * concurrency is a Redis-held semaphore of expiring leases (a killed process's slots come back
 * after `leaseMs`), the minimum interval and the window are kept by one atomic Lua script, and
 * pauses (Retry-After, 429) and learned host limits (Crawl-delay) are stored in Redis for all.
 *
 * Simplification: kind shares (search before content) are applied per process. Each process
 * first passes an in-process gate ordering its own waiters by kind; only then does it contend
 * for a Redis slot. Across processes, slots go to whoever asks first.
 *
 * Times are the caller's clock (as `pause(host, untilMs)` already is), so machines sharing a
 * budget need synchronised clocks (NTP); skew between them shifts intervals by the skew.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type * as Ioredis from 'ioredis';
import type { Clock } from '#model';
import { lazyRequire, systemClock } from '#model';
import {
  InProcessHostBudget,
  defaultHostLimits,
  defaultKindShares,
  requestLimits,
} from './host-budget.ts';
import type {
  AcquireOptions,
  HostBudget,
  HostBudgetSnapshot,
  HostLimits,
  KindShare,
  Release,
} from './host-budget.ts';
import {
  acquireScript,
  pauseScript,
  releaseScript,
  renewScript,
  setLimitsScript,
} from './redis-budget-scripts.ts';
import type { RequestKind } from './types.ts';

const ioredis = lazyRequire<typeof Ioredis>('ioredis');

export interface RedisHostBudgetOptions {
  /** `redis://…` (opened and closed here) or an ioredis client the caller owns. */
  readonly connection: string | Redis;
  /** Prefix of every key (default `linhai:budget`). */
  readonly prefix?: string;
  readonly clock?: Clock;
  readonly defaults?: HostLimits;
  readonly shares?: Readonly<Record<RequestKind, KindShare>>;
  /** A slot not renewed for this long is free again (default 30 s; renewed every third of it). */
  readonly leaseMs?: number;
  /**
   * While every slot is taken a waiter wakes when any process releases one (Redis pub/sub); it
   * also looks again this often, for slots freed by expiry (default 250 ms, jittered).
   */
  readonly pollMs?: number;
}

type BudgetRedis = Redis & {
  linhaiBudgetAcquire(...args: (string | number)[]): Promise<[number, number]>;
  linhaiBudgetRenew(...args: (string | number)[]): Promise<number>;
  linhaiBudgetRelease(...args: (string | number)[]): Promise<number>;
  linhaiBudgetPause(...args: (string | number)[]): Promise<number>;
  linhaiBudgetSetLimits(...args: (string | number)[]): Promise<number>;
};

export class RedisHostBudget implements HostBudget {
  readonly #redis: BudgetRedis;
  readonly #ownsConnection: boolean;
  readonly #prefix: string;
  readonly #clock: Clock;
  readonly #defaults: HostLimits;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  /** Orders this process's waiters by kind and caps what it sends to Redis at the concurrency. */
  readonly #local: InProcessHostBudget;
  /** The whole budget in this process alone, for while Redis cannot be reached. */
  readonly #fallback: InProcessHostBudget;
  readonly #hostLimits = new Map<string, Partial<HostLimits>>();
  readonly #pausedUntil = new Map<string, number>();
  readonly #renewals = new Set<NodeJS.Timeout>();
  /** Waiters to wake when some process releases a slot of the host. */
  readonly #releaseWaiters = new Map<string, Set<() => void>>();
  /** Releases heard per host, so a release heard while asking is not missed. */
  readonly #releasesHeard = new Map<string, number>();
  #subscriber: Redis | undefined;

  constructor(options: RedisHostBudgetOptions) {
    this.#ownsConnection = typeof options.connection === 'string';
    // A command fails within seconds while Redis is down (not after ioredis's ~70 s of retries):
    // the request then goes ahead on this process's own budget (`#fallback`).
    const redis =
      typeof options.connection === 'string'
        ? new (ioredis().Redis)(options.connection, { maxRetriesPerRequest: 1 })
        : options.connection;
    redis.on('error', () => undefined);
    redis.defineCommand('linhaiBudgetAcquire', { numberOfKeys: 3, lua: acquireScript });
    redis.defineCommand('linhaiBudgetRenew', { numberOfKeys: 1, lua: renewScript });
    redis.defineCommand('linhaiBudgetRelease', { numberOfKeys: 1, lua: releaseScript });
    redis.defineCommand('linhaiBudgetPause', { numberOfKeys: 1, lua: pauseScript });
    redis.defineCommand('linhaiBudgetSetLimits', { numberOfKeys: 1, lua: setLimitsScript });
    this.#redis = redis as BudgetRedis;
    this.#prefix = options.prefix ?? 'linhai:budget';
    this.#clock = options.clock ?? systemClock;
    this.#defaults = options.defaults ?? defaultHostLimits;
    this.#leaseMs = options.leaseMs ?? 30_000;
    this.#pollMs = options.pollMs ?? 250;
    this.#local = new InProcessHostBudget(
      this.#clock,
      { concurrency: this.#defaults.concurrency, minIntervalMs: 0 },
      options.shares ?? defaultKindShares,
    );
    this.#fallback = new InProcessHostBudget(
      this.#clock,
      this.#defaults,
      options.shares ?? defaultKindShares,
    );
  }

  async acquire(host: string, kind: RequestKind, options: AcquireOptions = {}): Promise<Release> {
    const limits = requestLimits(this.#defaults, this.#hostLimits.get(host), options);
    const releaseLocal = await this.#local.acquire(host, kind, {
      signal: options.signal,
      limits: { concurrency: limits.concurrency },
      ...(options.raise ? { raise: { concurrency: limits.concurrency } } : {}),
    });
    try {
      // Known down (reconnecting): no command to wait for; the fallback below takes over.
      if (this.#redis.status === 'reconnecting') throw new Error('Redis is reconnecting');
      const leaseId = randomUUID();
      await this.#acquireGlobal(host, leaseId, limits, options.signal);
      return this.#holding(host, leaseId, releaseLocal);
    } catch (error) {
      releaseLocal();
      if (options.signal?.aborted) throw error;
      // Redis is unreachable: this process keeps the host's whole budget on its own, so it stays
      // polite by itself and the request is not failed for want of Redis (searches go on).
      return this.#fallback.acquire(host, kind, { ...options, limits });
    }
  }

  async pause(host: string, untilMs: number): Promise<void> {
    this.#pausedUntil.set(host, Math.max(this.#pausedUntil.get(host) ?? 0, untilMs));
    await this.#fallback.pause(host, untilMs);
    await this.#redis.linhaiBudgetPause(this.#key(host, 'state'), untilMs).catch(() => undefined); // the lease and pause live on in this process meanwhile
  }

  async setHostLimits(host: string, limits: Partial<HostLimits>): Promise<void> {
    this.#hostLimits.set(host, limits);
    await this.#fallback.setHostLimits(host, limits);
    if (limits.concurrency !== undefined)
      await this.#local.setHostLimits(host, { concurrency: limits.concurrency });
    const field = (n: number | undefined) => (n === undefined ? '' : n);
    await this.#redis
      .linhaiBudgetSetLimits(
        this.#key(host, 'state'),
        field(limits.concurrency),
        field(limits.minIntervalMs),
        field(limits.window?.count),
        field(limits.window?.ms),
      )
      .catch(() => undefined); // every acquire sends this process's limits too
  }

  /** This process's view: its own requests in flight and waiting, and pauses it knows of. */
  snapshot(): HostBudgetSnapshot[] {
    const now = this.#clock.now();
    return this.#local.snapshot().map((s) => {
      const paused = this.#pausedUntil.get(s.host) ?? 0;
      return { ...s, pausedUntil: paused > now ? paused : undefined };
    });
  }

  /** What Redis holds for `host`, across all processes: slots in flight and a pause. */
  async globalSnapshot(host: string): Promise<{ active: number; pausedUntil?: number }> {
    const now = this.#clock.now();
    const [active, paused] = await Promise.all([
      this.#redis.zcount(this.#key(host, 'leases'), now, '+inf'),
      this.#redis.hget(this.#key(host, 'state'), 'pausedUntil'),
    ]);
    const until = Number(paused ?? 0);
    return until > now ? { active, pausedUntil: until } : { active };
  }

  /** Stops renewing leases and closes the connection opened here. */
  async close(): Promise<void> {
    for (const timer of this.#renewals) clearInterval(timer);
    this.#renewals.clear();
    this.#subscriber?.disconnect();
    this.#subscriber = undefined;
    if (this.#ownsConnection) await this.#redis.quit().catch(() => undefined);
  }

  #key(host: string, part: 'leases' | 'starts' | 'state'): string {
    return `${this.#prefix}:{${host}}:${part}`;
  }

  async #acquireGlobal(
    host: string,
    leaseId: string,
    limits: HostLimits,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.#subscribe();
      const heard = this.#releasesHeard.get(host) ?? 0;
      const [granted, waitMs] = await this.#redis.linhaiBudgetAcquire(
        this.#key(host, 'leases'),
        this.#key(host, 'starts'),
        this.#key(host, 'state'),
        this.#clock.now(),
        leaseId,
        this.#leaseMs,
        limits.concurrency,
        limits.minIntervalMs,
        limits.window?.count ?? 0,
        limits.window?.ms ?? 0,
      );
      if (granted === 1) return;
      if (waitMs >= 0) await this.#clock.sleep(Math.max(1, waitMs), signal);
      else if ((this.#releasesHeard.get(host) ?? 0) === heard)
        await this.#releaseOrPoll(host, signal);
    }
  }

  get #channel(): string {
    return `${this.#prefix}:released`;
  }

  /** A full house frees up at an unknown time: wait for a release anywhere, or the poll. */
  async #releaseOrPoll(host: string, signal: AbortSignal | undefined): Promise<void> {
    const wake = new AbortController();
    const onRelease = () => wake.abort();
    let waiters = this.#releaseWaiters.get(host);
    if (!waiters) this.#releaseWaiters.set(host, (waiters = new Set()));
    waiters.add(onRelease);
    const onAbort = () => wake.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // Jittered, so processes polling for an expired lease do not move in step.
      await this.#clock.sleep(this.#pollMs * (0.5 + Math.random()), wake.signal);
    } catch {
      // woken by a release or the caller's abort (checked by the loop)
    } finally {
      waiters.delete(onRelease);
      if (waiters.size === 0) this.#releaseWaiters.delete(host);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #subscribe(): void {
    if (this.#subscriber) return;
    const subscriber = this.#redis.duplicate();
    subscriber.on('error', () => undefined); // reconnects on its own; the poll covers the gap
    subscriber.on('message', (_channel: string, host: string) => {
      this.#releasesHeard.set(host, (this.#releasesHeard.get(host) ?? 0) + 1);
      for (const wake of this.#releaseWaiters.get(host) ?? []) wake();
    });
    void subscriber.subscribe(this.#channel).catch(() => undefined);
    this.#subscriber = subscriber;
  }

  #holding(host: string, leaseId: string, releaseLocal: Release): Release {
    const leases = this.#key(host, 'leases');
    const renewal = setInterval(() => {
      const expiry = this.#clock.now() + this.#leaseMs;
      void this.#redis
        .linhaiBudgetRenew(leases, expiry, leaseId, this.#leaseMs * 2)
        .catch(() => undefined);
    }, this.#leaseMs / 3);
    renewal.unref();
    this.#renewals.add(renewal);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      clearInterval(renewal);
      this.#renewals.delete(renewal);
      // Release is synchronous in the interface; the slot frees as soon as Redis hears of it
      // (or when the lease expires, should Redis be unreachable now). Sent before the local
      // gate lets the next waiter in, so on this connection the release always comes first.
      void this.#redis
        .linhaiBudgetRelease(leases, leaseId, this.#channel, host)
        .catch(() => undefined);
      releaseLocal();
    };
  }
}
