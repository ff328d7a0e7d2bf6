// The simulated world of the chase benchmark: books, hosts, listings and when each listing shows
// each chapter. Deterministic for a seed. Times are ms; day 0 starts on a Monday, Beijing time.
import { seededRandom } from '#model';
import { dayMs, hourMs } from '../../src/library/chase/time-bins.ts';

export const worldStart = Date.UTC(2026, 10, 29, 16); // Monday 2026-11-30 00:00 +08:00
const minute = 60_000;

export type Pattern = 'daily' | 'several' | 'bursts' | 'weekly' | 'hiatus' | 'finished';

export interface SimListing {
  readonly id: string;
  readonly bookIndex: number;
  /** Position among the book's listings. */
  readonly index: number;
  /** Position among all listings of the world, for per-listing arrays. */
  readonly ordinal: number;
  readonly host: string;
  readonly hostIndex: number;
  /** When this listing shows chapter k (sorted; index = chapter number). */
  readonly visibleAt: Float64Array;
}

export interface SimBook {
  readonly index: number;
  readonly pattern: Pattern;
  readonly followers: number;
  readonly listings: SimListing[];
  /** Per chapter: the earliest time any listing shows it, and which listing. */
  readonly firstAt: Float64Array;
  readonly firstListing: Int32Array;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const patterns: [Pattern, number][] = [
  ['daily', 0.4],
  ['several', 0.2],
  ['bursts', 0.1],
  ['weekly', 0.1],
  ['hiatus', 0.1],
  ['finished', 0.1],
];
const usualHours = [8, 12, 18, 19, 20, 21, 22, 0];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Publication times of one book (the first source's), in local schedule terms. */
function publications(pattern: Pattern, days: number, random: () => number): number[] {
  const at = (day: number, hour: number, minutes: number, jitterMin: number) =>
    worldStart + day * dayMs + hour * hourMs + (minutes + gaussian(random) * jitterMin) * minute;
  const times: number[] = [];
  const hour = pick(random, usualHours);
  const minutes = Math.floor(random() * 60);
  switch (pattern) {
    case 'daily':
    case 'hiatus': {
      const gapStart = 4 + Math.floor(random() * 3);
      for (let d = 0; d < days; d++) {
        if (pattern === 'hiatus' && d >= gapStart && d < gapStart + 5) continue;
        if (random() < 0.05) continue;
        times.push(at(d, hour, minutes, 8));
      }
      break;
    }
    case 'several': {
      const slots = [
        hour,
        ...Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, usualHours)),
      ];
      for (let d = 0; d < days; d++)
        for (const h of new Set(slots)) times.push(at(d, h, minutes, 10));
      break;
    }
    case 'bursts':
      for (let d = 0; d < days; d++) {
        if (random() > 0.35) continue;
        const h = Math.floor(random() * 24);
        const count = 3 + Math.floor(random() * 6);
        for (let i = 0; i < count; i++) times.push(at(d, h, random() * 40, 0));
      }
      break;
    case 'weekly': {
      const weekday = Math.floor(random() * 7);
      for (let d = weekday; d < days; d += 7)
        for (let i = 0; i < 2; i++) times.push(at(d, hour, minutes + i * 2, 10));
      break;
    }
    case 'finished':
      break;
  }
  return times.sort((a, b) => a - b);
}

export interface WorldOptions {
  readonly books: number;
  readonly hosts: number;
  readonly days: number;
  readonly seed: number;
}

export function buildWorld(options: WorldOptions): SimBook[] {
  const random = seededRandom(options.seed);
  const lags = [10, 20, 30, 60, 120, 240, 360].map((m) => m * minute);
  const books: SimBook[] = [];
  let ordinal = 0;
  for (let b = 0; b < options.books; b++) {
    let u = random();
    const pattern = patterns.find(([, share]) => (u -= share) < 0)?.[0] ?? 'daily';
    const followers = 1 + Math.floor(30 * Math.pow(random(), 8));
    const pubs = publications(pattern, options.days, random);
    const listingCount = 1 + Math.floor(random() * 4);
    const hostIndexes = new Set<number>();
    while (hostIndexes.size < listingCount) hostIndexes.add(Math.floor(random() * options.hosts));
    const fastest = Math.floor(random() * listingCount);
    const listings = [...hostIndexes].map((hostIndex, i) => {
      const lag = i === fastest ? 0 : pick(random, lags);
      const visibleAt = new Float64Array(pubs.length);
      // Each site copies each chapter within a few minutes of its usual lag.
      pubs.forEach((t, k) => (visibleAt[k] = t + lag + random() * 3 * minute));
      for (let k = 1; k < visibleAt.length; k++)
        visibleAt[k] = Math.max(visibleAt[k]!, visibleAt[k - 1]!);
      return {
        id: `b${b}-l${i}`,
        bookIndex: b,
        index: i,
        ordinal: ordinal++,
        host: `host-${String(hostIndex).padStart(2, '0')}`,
        hostIndex,
        visibleAt,
      };
    });
    const firstAt = new Float64Array(pubs.length).fill(Infinity);
    const firstListing = new Int32Array(pubs.length).fill(-1);
    listings.forEach((listing, i) =>
      listing.visibleAt.forEach((t, k) => {
        if (t < firstAt[k]!) {
          firstAt[k] = t;
          firstListing[k] = i;
        }
      }),
    );
    books.push({ index: b, pattern, followers, listings, firstAt, firstListing });
  }
  return books;
}

/**
 * How many chapters a listing shows at time t, given that it showed at least `atLeast` (what the
 * caller saw at an earlier time): a short scan forward, as a poller's clock only moves on.
 */
export function visibleCount(listing: SimListing, t: number, atLeast: number): number {
  const times = listing.visibleAt;
  let count = atLeast;
  while (count < times.length && times[count]! <= t) count++;
  return count;
}
