/**
 * A circuit breaker per host: after `failureThreshold` consecutive failures it opens and requests
 * fail fast with `net-breaker-open`; after `openMs` it half-opens and lets one probe through; the
 * probe's success closes it, its failure re-opens it for twice as long (up to `maxOpenMs`).
 */
import { LinhaiError } from '#model';
import type { Clock } from '#model';

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerOptions {
  readonly failureThreshold: number;
  readonly openMs: number;
  readonly maxOpenMs: number;
}

export const defaultBreakerOptions: BreakerOptions = {
  failureThreshold: 5,
  openMs: 30_000,
  maxOpenMs: 10 * 60_000,
};

interface Entry {
  failures: number;
  openUntil: number;
  openMs: number;
  probing: boolean;
  opened: number;
}

export class CircuitBreakers {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly options: BreakerOptions = defaultBreakerOptions,
  ) {}

  private entry(host: string): Entry {
    let e = this.entries.get(host);
    if (!e) {
      e = { failures: 0, openUntil: 0, openMs: this.options.openMs, probing: false, opened: 0 };
      this.entries.set(host, e);
    }
    return e;
  }

  state(host: string): BreakerState {
    const e = this.entries.get(host);
    if (!e || e.openUntil === 0) return 'closed';
    return this.clock.now() < e.openUntil ? 'open' : 'half-open';
  }

  /** Throws `net-breaker-open` unless a request may go; in half-open state only one probe goes. */
  admit(host: string): void {
    const e = this.entry(host);
    const state = this.state(host);
    if (state === 'closed') return;
    if (state === 'half-open' && !e.probing) {
      e.probing = true;
      return;
    }
    const wait = Math.max(0, e.openUntil - this.clock.now());
    throw new LinhaiError(
      'net-breaker-open',
      `${host} failed ${e.failures} times in a row; its breaker is open${wait ? ` for ${Math.ceil(wait / 1000)} s more` : ' (a probe is under way)'}`,
      { details: { host, failures: e.failures }, retryAfterMs: wait || 1000 },
    );
  }

  success(host: string): void {
    const e = this.entry(host);
    e.failures = 0;
    e.openUntil = 0;
    e.probing = false;
    e.openMs = this.options.openMs;
  }

  failure(host: string): void {
    const e = this.entry(host);
    e.failures++;
    if (e.probing) {
      e.probing = false;
      e.openMs = Math.min(e.openMs * 2, this.options.maxOpenMs);
      e.openUntil = this.clock.now() + e.openMs;
      e.opened++;
    } else if (e.openUntil === 0 && e.failures >= this.options.failureThreshold) {
      e.openUntil = this.clock.now() + e.openMs;
      e.opened++;
    }
  }

  /** A probe that ended without a verdict (cancelled, refused locally) frees the probe slot. */
  abandon(host: string): void {
    this.entry(host).probing = false;
  }

  snapshot(): { host: string; state: BreakerState; failures: number; opened: number }[] {
    return [...this.entries].map(([host, e]) => ({
      host,
      state: this.state(host),
      failures: e.failures,
      opened: e.opened,
    }));
  }
}
