import type { Arrival } from './publishing-model.ts';

/** What the chase keeps per listing between checks (persisted by the store in production). */
export interface ListingChaseState {
  readonly listingId: string;
  readonly bookId: string;
  /** The politeness budget it draws on (the source site's host). */
  readonly host: string;
  /** When chapters new at this listing appeared (check windows), most recent last (bounded). */
  arrivals: Arrival[];
  /** Arrivals ever recorded: a cheap version number for cached models. */
  arrivalCount: number;
  finished: boolean;
  lastCheckAt: number | undefined;
  nextCheckAt: number;
  /** Why the next check is at that time, for people ("usual hour 20:00", "confirm", "backoff"…). */
  reason: string;
  consecutiveFailures: number;
  /** Smoothed lag behind the first source to show a chapter, in ms; undefined until measured. */
  lagMs: number | undefined;
  /** Fading counts of chapters this listing showed first (`led`) or provably late (`behind`). */
  led: number;
  behind: number;
  /** Incremented on every reschedule, so stale heap entries are ignored. */
  version: number;
}

export interface BookChaseState {
  readonly bookId: string;
  followers: number;
  readonly listingIds: string[];
  preferredListingId: string | undefined;
  /**
   * Pairwise races between the book's listings: `wins` under "a>b" counts chapters a showed while
   * b provably lacked them; `ties` under "a|b" (sorted ids) chapters neither proved first.
   */
  readonly wins: Map<string, number>;
  readonly ties: Map<string, number>;
  /** Per chapter key: where it was first seen, by when (`at`) and not before when (`from`). */
  readonly firstSeen: Map<string, { at: number; from: number; listingId: string }>;
}

/** Keep the most recent arrivals only: schedules drift, and memory stays bounded. */
export const maxArrivals = 120;

export function pushArrival(state: ListingChaseState, arrival: Arrival): void {
  state.arrivalCount++;
  state.arrivals.push(arrival);
  if (state.arrivals.length > maxArrivals)
    state.arrivals.splice(0, state.arrivals.length - maxArrivals);
}
