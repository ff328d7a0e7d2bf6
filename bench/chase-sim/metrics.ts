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
  /** Requests per host per clock hour of the window: host × hour, flat. */
  readonly #hostHour: Int32Array;
  readonly #firstHour: number;
  readonly #hours: number;
  #requests = 0;

  constructor(
    readonly books: readonly SimBook[],
    readonly windowStart: number,
    readonly windowEnd: number,
  ) {
    this.discoveredAt = books.map((b) => new Float64Array(b.firstAt.length).fill(Infinity));
    this.servedFrom = books.map((b) => new Int32Array(b.firstAt.length).fill(-1));
    let hosts = 0;
    for (const book of books)
      for (const listing of book.listings) hosts = Math.max(hosts, listing.hostIndex + 1);
    this.#firstHour = Math.floor(windowStart / hourMs);
    this.#hours = Math.floor((windowEnd - 1) / hourMs) - this.#firstHour + 1;
    this.#hostHour = new Int32Array(hosts * this.#hours);
  }

  request(hostIndex: number, t: number, count: number): void {
    if (t < this.windowStart || t >= this.windowEnd) return;
    this.#requests += count;
    this.#hostHour[hostIndex * this.#hours + Math.floor(t / hourMs) - this.#firstHour]! += count;
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
    for (const book of this.books) {
      const discoveredAt = this.discoveredAt[book.index]!;
      const servedFrom = this.servedFrom[book.index]!;
      for (let k = 0; k < book.firstAt.length; k++) {
        const at = book.firstAt[k]!;
        if (at < this.windowStart || at >= this.windowEnd) continue;
        const found = discoveredAt[k]!;
        // A chapter still undiscovered at the end counts with the delay it has so far.
        if (found === Infinity) undiscovered++;
        delays.push((Math.min(found, this.windowEnd) - at) / 60_000);
        if (servedFrom[k] === book.firstListing[k]) first++;
      }
    }
    const sorted = Float64Array.from(delays).sort();
    const days = (this.windowEnd - this.windowStart) / (24 * hourMs);
    return {
      policy,
      requestsPerDay: this.#requests / days,
      medianDelayMin: sorted[Math.floor(sorted.length / 2)] ?? 0,
      p95DelayMin: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
      firstSourceShare: sorted.length ? first / sorted.length : 1,
      peakHostHour: this.#hostHour.reduce((peak, n) => Math.max(peak, n), 0),
      undiscovered,
    };
  }
}
