import type { BookChaseState, ListingChaseState } from './listing-state.ts';

/**
 * What the chase keeps of one listing across restarts (JSON in `listing.cadence`): the arrival
 * history the publishing model is learned from, the failure streak, the measured lag and the
 * listing's side of its book's races. Everything else is recomputed from these.
 */
export interface SavedListingChase {
  readonly v: 1;
  /** Arrival windows `[from, to]`, oldest first. */
  readonly arrivals: ReadonlyArray<readonly [number, number]>;
  readonly arrivalCount: number;
  readonly finished: boolean;
  /** When the chase started watching it (absent in states saved before it was kept). */
  readonly watchedSince?: number;
  readonly lastCheckAt: number | null;
  readonly consecutiveFailures: number;
  readonly lagMs: number | null;
  readonly led: number;
  readonly behind: number;
  readonly preferred: boolean;
  /** Fading count of chapters this listing showed while the listing (by id) provably lacked them. */
  readonly wins: Readonly<Record<string, number>>;
  /** Fading count of chapters that came out even with the other listing (ids sorting after it). */
  readonly ties: Readonly<Record<string, number>>;
}

export function saveListingChase(
  state: ListingChaseState,
  book: BookChaseState,
): SavedListingChase {
  const wins: Record<string, number> = {};
  const ties: Record<string, number> = {};
  const id = state.listingId;
  for (const [key, n] of book.wins) {
    const [winner, loser] = key.split('>');
    if (winner === id && loser !== undefined) wins[loser] = n;
  }
  for (const [key, n] of book.ties) {
    const [a, b] = key.split('|');
    if (a === id && b !== undefined) ties[b] = n;
  }
  return {
    v: 1,
    arrivals: state.arrivals.map((a) => [a.from, a.to] as const),
    arrivalCount: state.arrivalCount,
    finished: state.finished,
    ...(Number.isFinite(state.watchedSince) ? { watchedSince: state.watchedSince } : {}),
    lastCheckAt: state.lastCheckAt ?? null,
    consecutiveFailures: state.consecutiveFailures,
    lagMs: state.lagMs ?? null,
    led: state.led,
    behind: state.behind,
    preferred: book.preferredListingId === id,
    wins,
    ties,
  };
}

/** Puts a saved state back into a freshly added listing and its book. */
export function restoreListingChase(
  saved: SavedListingChase,
  state: ListingChaseState,
  book: BookChaseState,
): void {
  state.arrivals = saved.arrivals.map(([from, to]) => ({ from, to }));
  state.arrivalCount = saved.arrivalCount;
  state.finished ||= saved.finished; // the book page may have said "finished" since
  // A state saved before this was kept belongs to a listing watched long enough.
  state.watchedSince = saved.watchedSince ?? -Infinity;
  state.lastCheckAt = saved.lastCheckAt ?? undefined;
  state.consecutiveFailures = saved.consecutiveFailures;
  state.lagMs = saved.lagMs ?? undefined;
  state.led = saved.led;
  state.behind = saved.behind;
  for (const [loser, n] of Object.entries(saved.wins))
    book.wins.set(`${state.listingId}>${loser}`, n);
  for (const [other, n] of Object.entries(saved.ties))
    book.ties.set([state.listingId, other].sort().join('|'), n);
  if (saved.preferred) book.preferredListingId = state.listingId;
}

/** Reads a saved state leniently: anything that is not one (an older format, junk) is undefined. */
export function parseSavedListingChase(value: unknown): SavedListingChase | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Partial<SavedListingChase>;
  const isNumberMap = (m: unknown) =>
    typeof m === 'object' && m !== null && Object.values(m).every((n) => typeof n === 'number');
  const ok =
    v.v === 1 &&
    Array.isArray(v.arrivals) &&
    v.arrivals.every((a) => Array.isArray(a) && a.length === 2 && a.every(Number.isFinite)) &&
    typeof v.arrivalCount === 'number' &&
    (v.watchedSince === undefined || Number.isFinite(v.watchedSince)) &&
    typeof v.consecutiveFailures === 'number' &&
    typeof v.led === 'number' &&
    typeof v.behind === 'number' &&
    isNumberMap(v.wins) &&
    isNumberMap(v.ties);
  return ok ? (v as SavedListingChase) : undefined;
}
