import type { ChaseBudget } from './budget.ts';
import { HostHourBudget, solveBudgetConstant } from './budget.ts';
import { dailyDemand, planNextCheck } from './check-planner.ts';
import type {
  BookChaseState,
  HostChaseState,
  LearnedModel,
  ListingChaseState,
} from './listing-state.ts';
import { pushArrival } from './listing-state.ts';
import { restoreListingChase, saveListingChase } from './saved-state.ts';
import type { SavedListingChase } from './saved-state.ts';
import { CheckHeap } from './min-heap.ts';
import { learnPublishingModel } from './publishing-model.ts';
import type { Arrival, PublishingModel } from './publishing-model.ts';
import { quietUntil } from './regularity.ts';
import { dayMs, hourMs, weekHours } from './time-bins.ts';

export interface DueCheck {
  readonly listingId: string;
  readonly bookId: string;
  readonly host: string;
  readonly reason: string;
}

/** What one check found: the chapter keys the listing shows now that it did not show before. */
export type CheckOutcome =
  | {
      readonly ok: true;
      readonly newChapterKeys: readonly string[];
      /**
       * Where the store says chapters among these were first seen, for chapters the scheduler
       * has no memory of (it restarted since): so a late listing is not taken for the first.
       */
      readonly knownFirstSeen?: Readonly<Record<string, { at: number; listingId: string }>>;
    }
  | { readonly ok: false; readonly retryAfterMs?: number };

export interface CheckResult {
  /** Chapters no listing of the book had shown before: the book's new chapters. */
  readonly discovered: readonly string[];
  /** Listings the scheduler moved to "check now" (the preferred source, to serve from it). */
  readonly confirm: readonly string[];
}

export interface ChaseSchedulerOptions {
  readonly budget: ChaseBudget;
  readonly utcOffsetMinutes?: number;
  /** Share of a host's hourly budget planned ahead; the rest absorbs confirmations and peaks. */
  readonly plannedShare?: number;
}

/** Chapters per book whose first sighting the scheduler remembers (a few weeks of a fast book). */
const firstSeenKept = 500;
const minIntervalMs = 5 * 60_000;
/**
 * A listing the chase knows nothing about yet is checked at least this often, until it showed
 * `learnedArrivals` batches of new chapters or `learningMs` passed: with only the prior (a chapter
 * a day) its first checks would fall hours apart, and a reader who just added a book would wait
 * that long for its first new chapter.
 */
const learningIntervalMs = 2 * hourMs;
const learnedArrivals = 3;
const learningMs = 3 * dayMs;
/** Weight of a listing that is not its book's preferred source: it is a backup and a lag probe. */
const secondaryRole = 0.1;
/** Weight of a backup while the book's fastest source is still uncertain. */
const exploringRole = 0.5;
/** A model is relearned on new arrivals, or daily (a hiatus deepens slowly). */
/** Two listings that each showed a chapter within this long of a check are even if unordered. */
const tieWindowMs = 30 * 60_000;
const modelMaxAgeMs = 24 * hourMs;
/** Shared by every result without news (a result and its arrays are read-only). */
const noKeys: readonly string[] = Object.freeze([]);
const nothingNew: CheckResult = Object.freeze({ discovered: noKeys, confirm: noKeys });

/**
 * The chase's brain: which listing to check when. It learns each listing's publishing pattern from
 * first-seen times, spends the request budget where discoveries are likely (see check-planner.ts),
 * follows the fastest source of each book, and never plans more than a host's hourly budget.
 * Pure and clock-free: callers pass `now`, so production and the simulation run the same code.
 */
export class ChaseScheduler {
  readonly #listings = new Map<string, ListingChaseState>();
  readonly #books = new Map<string, BookChaseState>();
  /** Listings by heap slot; a removed listing's slot is emptied (never reused). */
  readonly #slots: (ListingChaseState | undefined)[] = [];
  readonly #hosts = new Map<string, HostChaseState>();
  readonly #heap = new CheckHeap();
  #globalC = 1;
  readonly #options: Required<ChaseSchedulerOptions>;
  /** Rebalance's per-listing figures, reused from one call to the next. */
  #rows = {
    demand: new Float64Array(0),
    minPerDay: new Float64Array(0),
    maxPerDay: new Float64Array(0),
  };
  #toc = new Float64Array(0);

  constructor(options: ChaseSchedulerOptions) {
    this.#options = { utcOffsetMinutes: 480, plannedShare: 0.6, ...options };
  }

  addBook(bookId: string, followers: number): void {
    const book = this.#books.get(bookId);
    if (book) {
      book.followers = followers;
      book.version++;
    } else
      this.#books.set(bookId, {
        bookId,
        followers,
        listingIds: [],
        listings: [],
        preferredListingId: undefined,
        wins: new Map(),
        ties: new Map(),
        firstSeen: new Map(),
        version: 0,
        settled: false,
      });
  }

  /** Adds a listing (with its known history) and schedules its first check. */
  addListing(
    listing: {
      listingId: string;
      bookId: string;
      host: string;
      arrivals?: Arrival[];
      finished?: boolean;
      lastCheckAt?: number;
      /** What a previous run learned (see saved-state.ts); overrides the fields above. */
      saved?: SavedListingChase;
    },
    now: number,
  ): void {
    const book = this.#books.get(listing.bookId);
    if (!book) throw new Error(`addListing: unknown book ${listing.bookId}; add the book first`);
    const hostState = this.#host(listing.host);
    const state: ListingChaseState = {
      listingId: listing.listingId,
      bookId: listing.bookId,
      host: listing.host,
      arrivals: [...(listing.arrivals ?? [])].sort((a, b) => a.to - b.to),
      arrivalCount: listing.arrivals?.length ?? 0,
      finished: listing.finished ?? false,
      watchedSince: now,
      lastCheckAt: listing.lastCheckAt,
      nextCheckAt: now,
      reason: 'first check',
      consecutiveFailures: 0,
      lagMs: undefined,
      led: 0,
      behind: 0,
      version: 0,
      slot: this.#slots.length,
      book,
      hostState,
      indexInBook: book.listings.length,
      beats: [],
      evens: [],
      beatsKeys: [],
      tieKeys: [],
      learned: undefined,
      weight: 0,
      weightVersion: -1,
    };
    if (listing.saved) restoreListingChase(listing.saved, state, book);
    this.#listings.set(state.listingId, state);
    this.#slots.push(state);
    hostState.listings.push(state);
    // The races with the book's other listings, as saved ones may have been restored.
    for (const other of book.listings) {
      const beats = `${state.listingId}>${other.listingId}`;
      const beaten = `${other.listingId}>${state.listingId}`;
      const tie = [state.listingId, other.listingId].sort().join('|');
      const even = book.ties.get(tie) ?? 0;
      state.beatsKeys.push(beats);
      state.beats.push(book.wins.get(beats) ?? 0);
      state.tieKeys.push(tie);
      state.evens.push(even);
      other.beatsKeys.push(beaten);
      other.beats.push(book.wins.get(beaten) ?? 0);
      other.tieKeys.push(tie);
      other.evens.push(even);
    }
    state.beatsKeys.push('');
    state.beats.push(0);
    state.tieKeys.push('');
    state.evens.push(0);
    book.listingIds.push(state.listingId);
    book.listings.push(state);
    book.preferredListingId ??= state.listingId;
    book.version++;
    book.settled = false;
    if (state.lastCheckAt === undefined) this.#push(state, now, 'first check');
    else this.#schedule(state, now);
  }

  /** Forgets a listing (its source was disabled or removed, or no reader follows the book). */
  removeListing(listingId: string): void {
    const state = this.#listings.get(listingId);
    if (!state) return;
    this.#listings.delete(listingId);
    this.#slots[state.slot] = undefined; // its planned checks are void
    const host = state.hostState.listings;
    host.splice(host.indexOf(state), 1);
    const book = state.book;
    const index = state.indexInBook;
    book.listingIds.splice(index, 1);
    book.listings.splice(index, 1);
    for (const other of book.listings) {
      other.beatsKeys.splice(index, 1);
      other.beats.splice(index, 1);
      other.tieKeys.splice(index, 1);
      other.evens.splice(index, 1);
      if (other.indexInBook > index) other.indexInBook--;
    }
    book.version++;
    book.settled = false;
    if (book.listingIds.length === 0) this.#books.delete(state.bookId);
    else if (book.preferredListingId === listingId) {
      book.preferredListingId = undefined;
      this.#choosePreferred(book);
    }
  }

  hasListing(listingId: string): boolean {
    return this.#listings.has(listingId);
  }

  /** What to keep of a listing across restarts (store it; pass it back to `addListing`). */
  save(listingId: string): SavedListingChase | undefined {
    const state = this.#listings.get(listingId);
    return state && saveListingChase(state, state.book);
  }

  /** The earliest planned check, for a runner that sleeps until then. */
  nextDueAt(): number | undefined {
    return this.#heap.peekKey();
  }

  /** Pops the checks due at `now`, at most `limit`, postponing those whose host is out of budget. */
  takeDue(now: number, limit = Infinity): DueCheck[] {
    const due: DueCheck[] = [];
    const heap = this.#heap;
    while (due.length < limit && heap.size > 0 && heap.peekKey()! <= now) {
      const state = this.#slots[heap.peekSlot()];
      const version = heap.peekVersion();
      heap.pop();
      if (!state || state.version !== version) continue;
      const budget = state.hostState.budget;
      // A check may cost a probe and a TOC fetch: keep room for both.
      if (budget.remaining(now) < 2) {
        const nextHour = (Math.floor(now / hourMs) + 1) * hourMs;
        this.#push(
          state,
          nextHour + this.#spread(state.listingId),
          `host ${state.host} at its hourly budget`,
        );
        continue;
      }
      budget.add(now, 1);
      due.push({
        listingId: state.listingId,
        bookId: state.bookId,
        host: state.host,
        reason: state.reason,
      });
    }
    return due;
  }

  /** Records a check's outcome, learns from it and plans the listing's next check. */
  recordCheck(listingId: string, outcome: CheckOutcome, now: number): CheckResult {
    const state = this.#listings.get(listingId);
    if (!state) throw new Error(`recordCheck: unknown listing ${listingId}`);
    const book = state.book;
    const previousCheck = state.lastCheckAt;
    state.lastCheckAt = now;
    if (!outcome.ok) return this.#recordFailure(state, book, outcome.retryAfterMs, now);
    if (state.consecutiveFailures >= 2) book.settled = false; // healthy again
    state.consecutiveFailures = 0;
    const keys = outcome.newChapterKeys;
    if (keys.length === 0) {
      // Nothing new to learn from; a listing that was failing may be preferred again.
      this.#choosePreferred(book);
      this.#schedule(state, now);
      return nothingNew;
    }
    state.hostState.budget.add(now, 1); // the TOC fetch

    const discovered: string[] = [];
    // The chapters appeared some time since the previous check; without one, within the last day.
    const window = { from: previousCheck ?? now - dayMs, to: now };
    for (const key of keys) {
      pushArrival(state, window);
      let first = book.firstSeen.get(key);
      const known = outcome.knownFirstSeen?.[key];
      if (!first && known && known.listingId !== listingId) {
        first = { at: known.at, from: known.at, listingId: known.listingId };
        book.firstSeen.set(key, first);
      }
      if (!first) {
        book.firstSeen.set(key, { at: now, from: window.from, listingId });
        // Memory stays bounded: the oldest chapters go (the store's first-seen facts remain).
        if (book.firstSeen.size > firstSeenKept)
          book.firstSeen.delete(book.firstSeen.keys().next().value!);
        discovered.push(key);
        this.#updateLag(state, 0);
        continue;
      }
      // It was absent at our previous check and present now; the first source had it by
      // first.at and not before first.from. The lag lies between those bounds: take the middle.
      const low = Math.max(0, (previousCheck ?? now) - first.at);
      const high = Math.max(low, now - first.from);
      this.#updateLag(state, (low + high) / 2);
      // Absent at a check made after another listing had it: provably behind that listing. When
      // both saw it within short windows that overlap, the two are even at our check resolution;
      // a long window says nothing either way.
      if (first.listingId !== listingId && previousCheck !== undefined) {
        if (previousCheck >= first.at) this.#race(book, first.listingId, state, 'won');
        else if (now - previousCheck <= tieWindowMs && first.at - first.from <= tieWindowMs) {
          this.#race(book, first.listingId, state, 'tie');
        }
      }
    }
    this.#choosePreferred(book);
    const confirm = discovered.length > 0 ? this.#confirmOthers(book, state, now) : noKeys;
    this.#schedule(state, now);
    return { discovered, confirm };
  }

  /**
   * After a listing shows a chapter no other listing had, check the preferred source at once (to
   * serve from it), and while the book's fastest source is still uncertain, every other listing
   * too: one that lacks the chapter now is provably behind, which is how the chase learns the order.
   */
  #confirmOthers(book: BookChaseState, discoverer: ListingChaseState, now: number): string[] {
    const confirm: string[] = [];
    for (const other of book.listings) {
      if (other === discoverer || other.consecutiveFailures > 0) continue;
      const id = other.listingId;
      if (id !== book.preferredListingId && !this.#isExploring(other)) continue;
      if ((other.lastCheckAt ?? -Infinity) >= now) continue;
      this.#push(other, now, `confirm: ${discoverer.listingId} showed new chapters first`);
      confirm.push(id);
    }
    return confirm;
  }

  /**
   * A backup is raced against the preferred source (checked often, confirmed on news) until three
   * chapters proved which is faster, or eight came out even at our check resolution.
   */
  #isExploring(state: ListingChaseState): boolean {
    const book = state.book;
    const preferredId = book.preferredListingId;
    if (preferredId === undefined || preferredId === state.listingId) return false;
    const preferred = this.#inBook(book, preferredId);
    const id = state.listingId;
    const proved = preferred
      ? this.#wins(state, preferred) + this.#wins(preferred, state)
      : (book.wins.get(`${id}>${preferredId}`) ?? 0) + (book.wins.get(`${preferredId}>${id}`) ?? 0);
    const even = preferred
      ? state.evens[preferred.indexInBook]!
      : (book.ties.get([id, preferredId].sort().join('|')) ?? 0);
    return proved < 3 && even < 8;
  }

  /**
   * Re-solves the budget constants from every listing's current demand: one for the instance, one
   * per host where the host's hourly budget binds harder. Call it every hour or so.
   */
  rebalance(now: number): void {
    const count = this.#listings.size;
    if (this.#toc.length < count) {
      this.#rows = {
        demand: new Float64Array(count),
        minPerDay: new Float64Array(count),
        maxPerDay: new Float64Array(count),
      };
      this.#toc = new Float64Array(count);
    }
    const { demand, minPerDay, maxPerDay } = this.#rows;
    const toc = this.#toc;
    // Rows grouped by host, so each host's rows are one range [start, end).
    const ranges: { host: HostChaseState; start: number; end: number }[] = [];
    let row = 0;
    for (const host of this.#hosts.values()) {
      const start = row;
      for (const state of host.listings) {
        const learned = this.#learned(state, now);
        const model = learned.model;
        demand[row] = dailyDemand({
          model,
          weight: this.#weight(state),
          fromMs: now,
          quietUntilMs: learned.quietUntilMs,
          utcOffsetMinutes: this.#options.utcOffsetMinutes,
        });
        minPerDay[row] = dayMs / this.#maxInterval(state, model, now);
        maxPerDay[row] = dayMs / minIntervalMs;
        toc[row] = model.finished ? 0 : model.ratePerDay * model.activity;
        row++;
      }
      if (row > start) ranges.push({ host, start, end: row });
    }
    let tocPerDay = 0;
    for (let i = 0; i < row; i++) tocPerDay += toc[i]!;
    this.#globalC = solveBudgetConstant(
      this.#rows,
      0,
      row,
      Math.max(row * 0.2, this.#options.budget.requestsPerDay - tocPerDay),
    );
    const hostChecksPerDay = this.#options.budget.perHostPerHour * 24 * this.#options.plannedShare;
    for (const { host, start, end } of ranges) {
      let hostToc = 0;
      for (let i = start; i < end; i++) hostToc += toc[i]!;
      const c = solveBudgetConstant(
        this.#rows,
        start,
        end,
        Math.max((end - start) * 0.2, hostChecksPerDay - hostToc),
      );
      host.c = Math.max(this.#globalC, c);
    }
  }

  /**
   * A reader's choice of the book's source (换源): that listing is preferred while it is healthy
   * (fewer than two failed checks in a row); `undefined` gives the choice back to the races.
   */
  choosePreferred(bookId: string, listingId: string | undefined): void {
    const book = this.#books.get(bookId);
    if (!book || book.chosenListingId === listingId) return;
    book.chosenListingId = listingId;
    book.settled = false;
    book.version++;
    this.#choosePreferred(book);
  }

  /** The listing a reader chose for the book, if any. */
  chosenListing(bookId: string): string | undefined {
    return this.#books.get(bookId)?.chosenListingId;
  }

  preferredListing(bookId: string): string | undefined {
    return this.#books.get(bookId)?.preferredListingId;
  }

  /** For people: the listing's next check, why, and what was learned. */
  describe(listingId: string, now: number): ListingChaseReport | undefined {
    const state = this.#listings.get(listingId);
    if (!state) return undefined;
    const model = this.#learned(state, now).model;
    const busiest = model.shape.indexOf(Math.max(...model.shape));
    return {
      listingId,
      nextCheckAt: state.nextCheckAt,
      reason: state.reason,
      lastCheckAt: state.lastCheckAt,
      lagMs: state.lagMs,
      preferred: state.book.preferredListingId === listingId,
      chosen: state.book.chosenListingId === listingId,
      chaptersPerDay: model.ratePerDay * model.activity,
      busiestHourOfWeek: model.confidence > 0.3 ? busiest : undefined,
      consecutiveFailures: state.consecutiveFailures,
      ledChapters: state.led,
      behindChapters: state.behind,
    };
  }

  #recordFailure(
    state: ListingChaseState,
    book: BookChaseState,
    retryAfterMs: number | undefined,
    now: number,
  ): CheckResult {
    state.consecutiveFailures++;
    if (state.consecutiveFailures === 2) book.settled = false; // no longer healthy
    const backoffMs = Math.min(6 * hourMs, 10 * 60_000 * 2 ** (state.consecutiveFailures - 1));
    this.#push(
      state,
      now + Math.max(backoffMs, retryAfterMs ?? 0),
      `backoff after ${state.consecutiveFailures} failed checks`,
    );
    if (book.preferredListingId === state.listingId) this.#choosePreferred(book);
    const preferred =
      book.preferredListingId === undefined
        ? undefined
        : this.#inBook(book, book.preferredListingId);
    // The preferred source moved: check the new one soon rather than at its slow backup cadence.
    const confirm: string[] = [];
    if (preferred && preferred !== state && preferred.nextCheckAt > now + hourMs) {
      this.#push(preferred, now, `took over from failing ${state.listingId}`);
      confirm.push(preferred.listingId);
    }
    return { discovered: noKeys, confirm };
  }

  #updateLag(state: ListingChaseState, sampleMs: number): void {
    state.lagMs = state.lagMs === undefined ? sampleMs : 0.8 * state.lagMs + 0.2 * sampleMs;
  }

  /**
   * Records one chapter's race between two listings; old results fade so pace changes show. The
   * leader may be a listing this scheduler does not know (first seen before a restart).
   */
  #race(
    book: BookChaseState,
    leaderId: string,
    other: ListingChaseState,
    result: 'won' | 'tie',
  ): void {
    const leader = this.#inBook(book, leaderId);
    book.version++;
    book.settled = false;
    if (result === 'tie') {
      const key = leader
        ? other.tieKeys[leader.indexInBook]!
        : [leaderId, other.listingId].sort().join('|');
      const even = (book.ties.get(key) ?? 0) * 0.95 + 1;
      book.ties.set(key, even);
      if (leader) leader.evens[other.indexInBook] = other.evens[leader.indexInBook] = even;
      return;
    }
    const won = leader ? leader.beatsKeys[other.indexInBook]! : `${leaderId}>${other.listingId}`;
    const lost = leader ? other.beatsKeys[leader.indexInBook]! : `${other.listingId}>${leaderId}`;
    const wins = (book.wins.get(won) ?? 0) * 0.95 + 1;
    const losses = (book.wins.get(lost) ?? 0) * 0.95;
    book.wins.set(won, wins);
    book.wins.set(lost, losses);
    if (leader) {
      leader.beats[other.indexInBook] = wins;
      other.beats[leader.indexInBook] = losses;
    }
    other.behind = other.behind * 0.95 + 1;
    if (leader) leader.led = leader.led * 0.95 + 1;
  }

  /** Chapters `a` showed while `b` provably lacked them (fading); both of one book. */
  #wins(a: ListingChaseState, b: ListingChaseState): number {
    return a.beats[b.indexInBook]!;
  }

  #inBook(book: BookChaseState, listingId: string): ListingChaseState | undefined {
    for (const state of book.listings) if (state.listingId === listingId) return state;
    return undefined;
  }

  /**
   * The preferred source: starting from the current one, any healthy listing that has beaten it
   * in more chapter races than it lost takes over; repeated until none does.
   */
  #choosePreferred(book: BookChaseState): void {
    if (book.settled) return;
    const chosen = book.chosenListingId && this.#inBook(book, book.chosenListingId);
    if (chosen && chosen.consecutiveFailures < 2) {
      if (book.preferredListingId !== chosen.listingId) {
        book.preferredListingId = chosen.listingId;
        book.version++;
      }
      book.settled = true;
      return;
    }
    const listings = book.listings;
    let first: ListingChaseState | undefined;
    let current: ListingChaseState | undefined;
    let healthy = 0;
    for (const state of listings) {
      if (state.consecutiveFailures >= 2) continue;
      healthy++;
      first ??= state;
      if (current === undefined && state.listingId === book.preferredListingId) current = state;
    }
    current ??= first;
    if (current === undefined) {
      book.settled = true;
      return;
    }
    for (let round = 0; round < healthy; round++) {
      let challenger: ListingChaseState | undefined;
      for (const s of listings) {
        if (s === current || s.consecutiveFailures >= 2) continue;
        if (this.#wins(s, current) > this.#wins(current, s)) {
          challenger = s;
          break;
        }
      }
      if (!challenger) {
        // No one beats it: asking again gives the same answer until something changes.
        book.settled = true;
        break;
      }
      current = challenger;
    }
    if (book.preferredListingId !== current.listingId) {
      book.preferredListingId = current.listingId;
      book.version++;
    }
  }

  #weight(state: ListingChaseState): number {
    const book = state.book;
    if (state.weightVersion === book.version) return state.weight;
    const isPrimary = book.preferredListingId === state.listingId || book.listings.length === 1;
    // While the fastest source is unknown, backups are watched closely enough to race it.
    const role = isPrimary ? 1 : this.#isExploring(state) ? exploringRole : secondaryRole;
    state.weight = (1 + book.followers) * role;
    state.weightVersion = book.version;
    return state.weight;
  }

  /** The listing's learned model and quiet window, cached until new arrivals or a day passes. */
  #learned(state: ListingChaseState, now: number): LearnedModel {
    const cached = state.learned;
    if (cached && cached.arrivals === state.arrivalCount && now - cached.at < modelMaxAgeMs)
      return cached;
    const shape = cached?.shape ?? new Array<number>(weekHours).fill(0);
    const learned: LearnedModel = {
      model: learnPublishingModel({
        arrivals: state.arrivals,
        now,
        finished: state.finished,
        utcOffsetMinutes: this.#options.utcOffsetMinutes,
        shapeInto: shape,
      }),
      shape,
      quietUntilMs: quietUntil(state.arrivals),
      at: now,
      arrivals: state.arrivalCount,
      reason: undefined,
    };
    state.learned = learned;
    return learned;
  }

  #schedule(state: ListingChaseState, now: number): void {
    const learned = this.#learned(state, now);
    const model = learned.model;
    const maxIntervalMs = this.#maxInterval(state, model, now);
    const next = planNextCheck({
      model,
      weight: this.#weight(state),
      fromMs: now,
      c: state.hostState.c ?? this.#globalC,
      minIntervalMs,
      maxIntervalMs,
      quietUntilMs: learned.quietUntilMs,
      utcOffsetMinutes: this.#options.utcOffsetMinutes,
    });
    if (this.#isLearning(state, now)) {
      this.#push(state, next, 'new: checked often until its publishing pattern is learned');
      return;
    }
    learned.reason ??= scheduleReason(model);
    this.#push(state, next, learned.reason);
  }

  #isLearning(state: ListingChaseState, now: number): boolean {
    return (
      !state.finished &&
      state.arrivalCount < learnedArrivals &&
      now - state.watchedSince < learningMs
    );
  }

  #maxInterval(state: ListingChaseState, model: PublishingModel, now: number): number {
    const longest = maxIntervalFor(model);
    return this.#isLearning(state, now) ? Math.min(longest, learningIntervalMs) : longest;
  }

  #push(state: ListingChaseState, at: number, reason: string): void {
    state.version++;
    state.nextCheckAt = at;
    state.reason = reason;
    this.#heap.push(at, state.slot, state.version);
  }

  #host(host: string): HostChaseState {
    let state = this.#hosts.get(host);
    if (!state) {
      state = {
        host,
        budget: new HostHourBudget(this.#options.budget.perHostPerHour),
        c: undefined,
        listings: [],
      };
      this.#hosts.set(host, state);
    }
    return state;
  }

  /** A stable few-minute offset per listing, so postponed checks do not all land on the hour. */
  #spread(listingId: string): number {
    let h = 0;
    for (let i = 0; i < listingId.length; i++) h = (h * 31 + listingId.charCodeAt(i)) | 0;
    return (Math.abs(h) % 600) * 1000;
  }
}

/** The longest a listing goes unchecked: finished and long-quiet ones rarely, never forgotten. */
function maxIntervalFor(model: PublishingModel): number {
  if (model.finished) return 7 * dayMs;
  if (model.activity < 0.3) return 3 * dayMs;
  const gap = (1 / Math.max(model.ratePerDay, 1e-3)) * dayMs;
  return Math.min(2 * dayMs, Math.max(6 * hourMs, gap));
}

function scheduleReason(model: PublishingModel): string {
  if (model.finished) return 'finished: checked rarely';
  if (model.activity < 0.3) return 'quiet for a long time: checked rarely';
  const perDay = model.ratePerDay * model.activity;
  return `about ${perDay.toFixed(perDay < 1 ? 2 : 1)} chapters a day`;
}

export interface ListingChaseReport {
  readonly listingId: string;
  readonly nextCheckAt: number;
  readonly reason: string;
  readonly lastCheckAt: number | undefined;
  readonly lagMs: number | undefined;
  readonly preferred: boolean;
  /** A reader chose it as the book's source. */
  readonly chosen: boolean;
  readonly chaptersPerDay: number;
  readonly busiestHourOfWeek: number | undefined;
  readonly consecutiveFailures: number;
  /** Fading evidence: chapters it showed before another listing, and chapters it showed late. */
  readonly ledChapters: number;
  readonly behindChapters: number;
}
