import type { HostHourBudget } from './budget.ts';
import type { Arrival, PublishingModel } from './publishing-model.ts';

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
  /** When the chase started watching it: a new listing is checked often until it is learned. */
  watchedSince: number;
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
  /**
   * Where the scheduler finds things without a lookup by id (the hot path runs once per check):
   * the listing's slot in the check heap, its book and host, its place among the book's listings,
   * and its races against each of them by place: the counts of BookChaseState's `wins` (this one
   * over the other) and `ties`, mirrored here, and their keys there.
   */
  readonly slot: number;
  readonly book: BookChaseState;
  readonly hostState: HostChaseState;
  indexInBook: number;
  readonly beats: number[];
  readonly evens: number[];
  readonly beatsKeys: string[];
  readonly tieKeys: string[];
  /** The learned model, cached until new arrivals or a day passes. */
  learned: LearnedModel | undefined;
  /** The listing's weight in planning, cached while its book's `version` stays. */
  weight: number;
  weightVersion: number;
}

export interface LearnedModel {
  readonly model: PublishingModel;
  /** The model's shape array, which the next relearn of the listing writes over. */
  readonly shape: number[];
  readonly quietUntilMs: number | undefined;
  /** When it was learned and from how many arrivals (ListingChaseState.arrivalCount). */
  readonly at: number;
  readonly arrivals: number;
  /** The reason shown for checks planned from this model, made on first use. */
  reason: string | undefined;
}

export interface HostChaseState {
  readonly host: string;
  readonly budget: HostHourBudget;
  /** The budget constant of the host's listings; undefined until the first rebalance. */
  c: number | undefined;
  readonly listings: ListingChaseState[];
}

export interface BookChaseState {
  readonly bookId: string;
  followers: number;
  readonly listingIds: string[];
  /** The same listings, in the same order. */
  readonly listings: ListingChaseState[];
  preferredListingId: string | undefined;
  /** A reader chose this listing as the book's source: preferred while it stays healthy. */
  chosenListingId?: string | undefined;
  /**
   * Pairwise races between the book's listings: `wins` under "a>b" counts chapters a showed while
   * b provably lacked them; `ties` under "a|b" (sorted ids) chapters neither proved first.
   */
  readonly wins: Map<string, number>;
  readonly ties: Map<string, number>;
  /** Per chapter key: where it was first seen, by when (`at`) and not before when (`from`). */
  readonly firstSeen: Map<string, { at: number; from: number; listingId: string }>;
  /** Bumped when anything a listing's weight depends on changes (races, preferred, followers). */
  version: number;
  /** False when something that can move the preferred source changed since it was chosen. */
  settled: boolean;
}

/** Keep the most recent arrivals only: schedules drift, and memory stays bounded. */
const maxArrivals = 120;

export function pushArrival(state: ListingChaseState, arrival: Arrival): void {
  state.arrivalCount++;
  state.arrivals.push(arrival);
  if (state.arrivals.length > maxArrivals)
    state.arrivals.splice(0, state.arrivals.length - maxArrivals);
}
