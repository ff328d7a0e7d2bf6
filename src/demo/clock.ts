import type { Clock } from '#model';
import { DEMO_EPOCH } from './catalogue.ts';

interface Sleeper {
  at: number;
  resolve: () => void;
  reject: (reason: unknown) => void;
  timer: ReturnType<typeof setTimeout> | undefined;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

/**
 * The demo sites' controllable clock. It decides which chapters are published (see
 * `DemoBook.publishedAt`), what `Last-Modified` and `og:novel:update_time` say, and it is a
 * `Clock` (#model) so the code under test can share it.
 *
 * Two modes:
 * - **manual** (default): time stands still until `advance()` or `set()` moves it. `sleep(ms)`
 *   resolves only when the clock is moved past its deadline (never by real time passing), so
 *   virtual-time tests are deterministic; `sleep(0)` resolves at once.
 * - **running** (`{ running: true }`, what `linhai demo` uses): time also flows with real time
 *   from `startMs`; `advance()`/`set()` still jump. `sleep(ms)` resolves on whichever comes
 *   first: real time reaching the deadline or a jump past it.
 */
export class DemoClock implements Clock {
  private base: number;
  private realBase: number;
  private readonly running: boolean;
  private sleepers: Sleeper[] = [];

  constructor(startMs: number = DEMO_EPOCH, options: { running?: boolean } = {}) {
    this.base = startMs;
    this.realBase = Date.now();
    this.running = options.running === true;
  }

  get isRunning(): boolean {
    return this.running;
  }

  now(): number {
    return this.running ? this.base + (Date.now() - this.realBase) : this.base;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance by ${ms}`);
    this.base += ms;
    this.wake();
  }

  /** Moves the clock to `ms` (backwards too; sleepers then wait for their deadline again). */
  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`cannot set the clock to ${ms}`);
    this.base = ms;
    this.realBase = Date.now();
    this.wake();
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const at = this.now() + Math.max(0, ms);
    if (at <= this.now()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const sleeper: Sleeper = {
        at,
        resolve,
        reject,
        timer: undefined,
        signal,
        onAbort: undefined,
      };
      if (signal) {
        sleeper.onAbort = () => {
          this.drop(sleeper);
          reject(signal.reason);
        };
        signal.addEventListener('abort', sleeper.onAbort, { once: true });
      }
      this.sleepers.push(sleeper);
      this.arm(sleeper);
    });
  }

  /** Number of pending sleeps (lets a test wait until the code under test is asleep). */
  get pendingSleeps(): number {
    return this.sleepers.length;
  }

  private arm(sleeper: Sleeper): void {
    if (!this.running) return;
    if (sleeper.timer) clearTimeout(sleeper.timer);
    sleeper.timer = setTimeout(() => this.wake(), Math.max(0, sleeper.at - this.now()));
  }

  private drop(sleeper: Sleeper): void {
    this.sleepers = this.sleepers.filter((s) => s !== sleeper);
    if (sleeper.timer) clearTimeout(sleeper.timer);
    if (sleeper.signal && sleeper.onAbort) {
      sleeper.signal.removeEventListener('abort', sleeper.onAbort);
    }
  }

  private wake(): void {
    const now = this.now();
    const due = this.sleepers.filter((s) => s.at <= now).sort((a, b) => a.at - b.at);
    for (const sleeper of due) {
      this.drop(sleeper);
      sleeper.resolve();
    }
    for (const sleeper of this.sleepers) this.arm(sleeper);
  }
}
