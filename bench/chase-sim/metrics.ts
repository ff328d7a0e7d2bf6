// Figures of one policy over the measurement window: discovery delay, first-source share, load.
import { hourMs } from '../../src/library/chase/time-bins.ts';
import type { SimBook } from './world.ts';

export interface PolicyFigures {
  readonly policy: string;
  readonly requestsPerDay: number;
  readonly medianDelayMin: number;
  readonly p95DelayMin: number;
  readonly firstSourceShare: number;
  readonly peakHostHour: number;
  readonly undiscovered: number;
}

export class Ledger {
  readonly discoveredAt: Float64Array[];
  readonly servedFrom: Int32Array[];
  readonly #hostHour = new Map<string, Map<number, number>>();
  #requests = 0;

  constructor(
    readonly books: readonly SimBook[],
    readonly windowStart: number,
    readonly windowEnd: number,
  ) {
    this.discoveredAt = books.map((b) => new Float64Array(b.firstAt.length).fill(Infinity));
    this.servedFrom = books.map((b) => new Int32Array(b.firstAt.length).fill(-1));
  }

  request(host: string, t: number, count = 1): void {
    if (t < this.windowStart || t >= this.windowEnd) return;
    this.#requests += count;
    const hour = Math.floor(t / hourMs);
    const perHost = this.#hostHour.get(host) ?? new Map<number, number>();
    perHost.set(hour, (perHost.get(hour) ?? 0) + count);
    this.#hostHour.set(host, perHost);
  }

  discover(book: number, chapter: number, t: number, listing: number): void {
    if (this.discoveredAt[book]![chapter]! <= t) return;
    this.discoveredAt[book]![chapter] = t;
    this.servedFrom[book]![chapter] = listing;
  }

  figures(policy: string): PolicyFigures {
    const delays: number[] = [];
    let first = 0;
    let undiscovered = 0;
    this.books.forEach((book, b) =>
      book.firstAt.forEach((at, k) => {
        if (at < this.windowStart || at >= this.windowEnd) return;
        const found = this.discoveredAt[b]![k]!;
        // A chapter still undiscovered at the end counts with the delay it has so far.
        if (found === Infinity) undiscovered++;
        delays.push((Math.min(found, this.windowEnd) - at) / 60_000);
        if (this.servedFrom[b]![k] === book.firstListing[k]) first++;
      }),
    );
    delays.sort((a, b) => a - b);
    let peak = 0;
    for (const perHost of this.#hostHour.values())
      for (const n of perHost.values()) peak = Math.max(peak, n);
    const days = (this.windowEnd - this.windowStart) / (24 * hourMs);
    return {
      policy,
      requestsPerDay: this.#requests / days,
      medianDelayMin: delays[Math.floor(delays.length / 2)] ?? 0,
      p95DelayMin: delays[Math.floor(delays.length * 0.95)] ?? 0,
      firstSourceShare: delays.length ? first / delays.length : 1,
      peakHostHour: peak,
      undiscovered,
    };
  }
}
