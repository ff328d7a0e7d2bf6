import type { ChaseBudget } from './budget.ts';
import { HostHourCounter, solveBudgetConstant } from './budget.ts';
import { dailyDemand, planNextCheck } from './check-planner.ts';
import type { BookChaseState, ListingChaseState } from './listing-state.ts';
import { pushArrival } from './listing-state.ts';
import { restoreListingChase, saveListingChase } from './saved-state.ts';
import type { SavedListingChase } from './saved-state.ts';
import { MinHeap } from './min-heap.ts';
import { learnPublishingModel } from './publishing-model.ts';
import type { Arrival, PublishingModel } from './publishing-model.ts';
import { quietUntil } from './regularity.ts';
import { dayMs, hourMs } from './time-bins.ts';

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

const minIntervalMs = 5 * 60_000;
/** Weight of a listing that is not its book's preferred source: it is a backup and a lag probe. */
const secondaryRole = 0.1;
/** Weight of a backup while the book's fastest source is still uncertain. */
const exploringRole = 0.5;
/** A model is relearned on new arrivals, or daily (a hiatus deepens slowly). */
/** Two listings that each showed a chapter within this long of a check are even if unordered. */
const tieWindowMs = 30 * 60_000;
const modelMaxAgeMs = 24 * hourMs;

/**
 * The chase's brain: which listing to check when. It learns each listing's publishing pattern from
 * first-seen times, spends the request budget where discoveries are likely (see check-planner.ts),
 * follows the fastest source of each book, and never plans more than a host's hourly budget.
 * Pure and clock-free: callers pass `now`, so production and the simulation run the same code.
 */
export class ChaseScheduler {
  readonly #listings = new Map<string, ListingChaseState>();
  readonly #books = new Map<string, BookChaseState>();
  readonly #models = new Map<
    string,
    { model: PublishingModel; quietUntilMs: number | undefined; at: number; arrivals: number }
  >();
  readonly #heap = new MinHeap<{ listingId: string; version: number }>();
  readonly #hostUse: HostHourCounter;
  readonly #hostC = new Map<string, number>();
  #globalC = 1;
  readonly #options: Required<ChaseSchedulerOptions>;

  constructor(options: ChaseSchedulerOptions) {
    this.#options = { utcOffsetMinutes: 480, plannedShare: 0.6, ...options };
    this.#hostUse = new HostHourCounter(options.budget.perHostPerHour);
  }

  addBook(bookId: string, followers: number): void {
    const book = this.#books.get(bookId);
    if (book) book.followers = followers;
    else
      this.#books.set(bookId, {
        bookId,
        followers,
        listingIds: [],
        preferredListingId: undefined,
        wins: new Map(),
        ties: new Map(),
        firstSeen: new Map(),
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
    const state: ListingChaseState = {
      listingId: listing.listingId,
      bookId: listing.bookId,
      host: listing.host,
      arrivals: [...(listing.arrivals ?? [])].sort((a, b) => a.to - b.to),
      arrivalCount: listing.arrivals?.length ?? 0,
      finished: listing.finished ?? false,
      lastCheckAt: listing.lastCheckAt,
      nextCheckAt: now,
      reason: 'first check',
      consecutiveFailures: 0,
      lagMs: undefined,
      led: 0,
      behind: 0,
      version: 0,
    };
    if (listing.saved) restoreListingChase(listing.saved, state, book);
    this.#listings.set(state.listingId, state);
    book.listingIds.push(state.listingId);
    book.preferredListingId ??= state.listingId;
    if (state.lastCheckAt === undefined) this.#push(state, now, 'first check');
    else this.#schedule(state, now);
  }

  /** Forgets a listing (its source was disabled or removed, or no reader follows the book). */
  removeListing(listingId: string): void {
    const state = this.#listings.get(listingId);
    if (!state) return;
    this.#listings.delete(listingId);
    this.#models.delete(listingId);
    const book = this.#books.get(state.bookId)!;
    book.listingIds.splice(book.listingIds.indexOf(listingId), 1);
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
    return state && saveListingChase(state, this.#books.get(state.bookId)!);
  }

  /** The earliest planned check, for a runner that sleeps until then. */
  nextDueAt(): number | undefined {
    return this.#heap.peekKey();
  }

  /** Pops the checks due at `now`, at most `limit`, postponing those whose host is out of budget. */
  takeDue(now: number, limit = Infinity): DueCheck[] {
    const due: DueCheck[] = [];
    while (due.length < limit && (this.#heap.peekKey() ?? Infinity) <= now) {
      const { value } = this.#heap.pop()!;
      const state = this.#listings.get(value.listingId);
      if (!state || state.version !== value.version) continue;
      // A check may cost a probe and a TOC fetch: keep room for both.
      if (this.#hostUse.remaining(state.host, now) < 2) {
        const nextHour = (Math.floor(now / hourMs) + 1) * hourMs;
        this.#push(
          state,
          nextHour + this.#spread(state.listingId),
          `host ${state.host} at its hourly budget`,
        );
        continue;
      }
      this.#hostUse.add(state.host, now, 1);
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
    const book = this.#books.get(state.bookId)!;
    const previousCheck = state.lastCheckAt;
    state.lastCheckAt = now;
    if (!outcome.ok) return this.#recordFailure(state, book, outcome.retryAfterMs, now);
    state.consecutiveFailures = 0;
    if (outcome.newChapterKeys.length > 0) this.#hostUse.add(state.host, now, 1); // the TOC fetch

    const discovered: string[] = [];
    // The chapters appeared some time since the previous check; without one, within the last day.
    const window = { from: previousCheck ?? now - dayMs, to: now };
    for (const key of outcome.newChapterKeys) {
      pushArrival(state, window);
      let first = book.firstSeen.get(key);
      const known = outcome.knownFirstSeen?.[key];
      if (!first && known && known.listingId !== listingId) {
        first = { at: known.at, from: known.at, listingId: known.listingId };
        book.firstSeen.set(key, first);
      }
      if (!first) {
        book.firstSeen.set(key, { at: now, from: window.from, listingId });
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
        if (previousCheck >= first.at) this.#race(book, first.listingId, listingId, 'won');
        else if (now - previousCheck <= tieWindowMs && first.at - first.from <= tieWindowMs) {
          this.#race(book, first.listingId, listingId, 'tie');
        }
      }
    }
    this.#choosePreferred(book);
    const confirm = discovered.length > 0 ? this.#confirmOthers(book, state, now) : [];
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
    for (const id of book.listingIds) {
      const other = this.#listings.get(id)!;
      if (other === discoverer || other.consecutiveFailures > 0) continue;
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
    const book = this.#books.get(state.bookId)!;
    const preferred = book.preferredListingId;
    if (preferred === undefined || preferred === state.listingId) return false;
    const proved =
      (book.wins.get(`${state.listingId}>${preferred}`) ?? 0) +
      (book.wins.get(`${preferred}>${state.listingId}`) ?? 0);
    const even = book.ties.get([state.listingId, preferred].sort().join('|')) ?? 0;
    return proved < 3 && even < 8;
  }

  /**
   * Re-solves the budget constants from every listing's current demand: one for the instance, one
   * per host where the host's hourly budget binds harder. Call it every hour or so.
   */
  rebalance(now: number): void {
    const rows: {
      host: string;
      demand: number;
      minPerDay: number;
      maxPerDay: number;
      toc: number;
    }[] = [];
    for (const state of this.#listings.values()) {
      const model = this.#model(state, now);
      const bounds = this.#bounds(model);
      rows.push({
        host: state.host,
        demand: dailyDemand({
          model,
          weight: this.#weight(state),
          fromMs: now,
          ...this.#quiet(state, now),
          utcOffsetMinutes: this.#options.utcOffsetMinutes,
        }),
        minPerDay: dayMs / bounds.maxIntervalMs,
        maxPerDay: dayMs / bounds.minIntervalMs,
        toc: model.finished ? 0 : model.ratePerDay * model.activity,
      });
    }
    const tocPerDay = rows.reduce((sum, r) => sum + r.toc, 0);
    this.#globalC = solveBudgetConstant(
      rows,
      Math.max(rows.length * 0.2, this.#options.budget.requestsPerDay - tocPerDay),
    );
    const byHost = new Map<string, typeof rows>();
    for (const row of rows) byHost.set(row.host, [...(byHost.get(row.host) ?? []), row]);
    const hostChecksPerDay = this.#options.budget.perHostPerHour * 24 * this.#options.plannedShare;
    for (const [host, hostRows] of byHost) {
      const hostToc = hostRows.reduce((sum, r) => sum + r.toc, 0);
      const c = solveBudgetConstant(
        hostRows,
        Math.max(hostRows.length * 0.2, hostChecksPerDay - hostToc),
      );
      this.#hostC.set(host, Math.max(this.#globalC, c));
    }
  }

  preferredListing(bookId: string): string | undefined {
    return this.#books.get(bookId)?.preferredListingId;
  }

  /** For people: the listing's next check, why, and what was learned. */
  describe(listingId: string, now: number): ListingChaseReport | undefined {
    const state = this.#listings.get(listingId);
    if (!state) return undefined;
    const model = this.#model(state, now);
    const busiest = model.shape.indexOf(Math.max(...model.shape));
    return {
      listingId,
      nextCheckAt: state.nextCheckAt,
      reason: state.reason,
      lastCheckAt: state.lastCheckAt,
      lagMs: state.lagMs,
      preferred: this.#books.get(state.bookId)?.preferredListingId === listingId,
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
    const backoffMs = Math.min(6 * hourMs, 10 * 60_000 * 2 ** (state.consecutiveFailures - 1));
    this.#push(
      state,
      now + Math.max(backoffMs, retryAfterMs ?? 0),
      `backoff after ${state.consecutiveFailures} failed checks`,
    );
    if (book.preferredListingId === state.listingId) this.#choosePreferred(book);
    const preferred = book.preferredListingId && this.#listings.get(book.preferredListingId);
    // The preferred source moved: check the new one soon rather than at its slow backup cadence.
    const confirm: string[] = [];
    if (preferred && preferred !== state && preferred.nextCheckAt > now + hourMs) {
      this.#push(preferred, now, `took over from failing ${state.listingId}`);
      confirm.push(preferred.listingId);
    }
    return { discovered: [], confirm };
  }

  #updateLag(state: ListingChaseState, sampleMs: number): void {
    state.lagMs = state.lagMs === undefined ? sampleMs : 0.8 * state.lagMs + 0.2 * sampleMs;
  }

  /** Records one chapter's race between two listings; old results fade so pace changes show. */
  #race(book: BookChaseState, leaderId: string, otherId: string, result: 'won' | 'tie'): void {
    const leader = this.#listings.get(leaderId);
    const other = this.#listings.get(otherId)!;
    if (result === 'tie') {
      const key = [leaderId, otherId].sort().join('|');
      book.ties.set(key, (book.ties.get(key) ?? 0) * 0.95 + 1);
      return;
    }
    for (const key of [`${leaderId}>${otherId}`, `${otherId}>${leaderId}`]) {
      book.wins.set(key, (book.wins.get(key) ?? 0) * 0.95);
    }
    book.wins.set(`${leaderId}>${otherId}`, book.wins.get(`${leaderId}>${otherId}`)! + 1);
    other.behind = other.behind * 0.95 + 1;
    if (leader) leader.led = leader.led * 0.95 + 1;
  }

  /**
   * The preferred source: starting from the current one, any healthy listing that has beaten it
   * in more chapter races than it lost takes over; repeated until none does.
   */
  #choosePreferred(book: BookChaseState): void {
    const healthy = book.listingIds
      .map((id) => this.#listings.get(id)!)
      .filter((state) => state.consecutiveFailures < 2);
    if (healthy.length === 0) return;
    let current = healthy.find((s) => s.listingId === book.preferredListingId) ?? healthy[0]!;
    for (let round = 0; round < healthy.length; round++) {
      const challenger = healthy.find(
        (s) =>
          s !== current &&
          (book.wins.get(`${s.listingId}>${current.listingId}`) ?? 0) >
            (book.wins.get(`${current.listingId}>${s.listingId}`) ?? 0),
      );
      if (!challenger) break;
      current = challenger;
    }
    book.preferredListingId = current.listingId;
  }

  #weight(state: ListingChaseState): number {
    const book = this.#books.get(state.bookId)!;
    const isPrimary = book.preferredListingId === state.listingId || book.listingIds.length === 1;
    // While the fastest source is unknown, backups are watched closely enough to race it.
    const role = isPrimary ? 1 : this.#isExploring(state) ? exploringRole : secondaryRole;
    return (1 + book.followers) * role;
  }

  /** The listing's learned model and quiet window, cached until new arrivals or six hours pass. */
  #learned(
    state: ListingChaseState,
    now: number,
  ): { model: PublishingModel; quietUntilMs: number | undefined } {
    const cached = this.#models.get(state.listingId);
    if (cached && cached.arrivals === state.arrivalCount && now - cached.at < modelMaxAgeMs)
      return cached;
    const model = learnPublishingModel({
      arrivals: state.arrivals,
      now,
      finished: state.finished,
      utcOffsetMinutes: this.#options.utcOffsetMinutes,
    });
    const entry = {
      model,
      quietUntilMs: quietUntil(state.arrivals),
      at: now,
      arrivals: state.arrivalCount,
    };
    this.#models.set(state.listingId, entry);
    return entry;
  }

  #model(state: ListingChaseState, now: number): PublishingModel {
    return this.#learned(state, now).model;
  }

  #bounds(model: PublishingModel): { minIntervalMs: number; maxIntervalMs: number } {
    if (model.finished) return { minIntervalMs, maxIntervalMs: 7 * dayMs };
    if (model.activity < 0.3) return { minIntervalMs, maxIntervalMs: 3 * dayMs };
    const gap = (1 / Math.max(model.ratePerDay, 1e-3)) * dayMs;
    return { minIntervalMs, maxIntervalMs: Math.min(2 * dayMs, Math.max(6 * hourMs, gap)) };
  }

  #quiet(state: ListingChaseState, now: number): { quietUntilMs?: number } {
    const until = this.#learned(state, now).quietUntilMs;
    return until === undefined ? {} : { quietUntilMs: until };
  }

  #schedule(state: ListingChaseState, now: number): void {
    const model = this.#model(state, now);
    const next = planNextCheck({
      model,
      weight: this.#weight(state),
      fromMs: now,
      c: this.#hostC.get(state.host) ?? this.#globalC,
      ...this.#bounds(model),
      ...this.#quiet(state, now),
      utcOffsetMinutes: this.#options.utcOffsetMinutes,
    });
    const perDay = model.ratePerDay * model.activity;
    const reason = model.finished
      ? 'finished: checked rarely'
      : model.activity < 0.3
        ? 'quiet for a long time: checked rarely'
        : `about ${perDay.toFixed(perDay < 1 ? 2 : 1)} chapters a day`;
    this.#push(state, next, reason);
  }

  #push(state: ListingChaseState, at: number, reason: string): void {
    state.version++;
    state.nextCheckAt = at;
    state.reason = reason;
    this.#heap.push(at, { listingId: state.listingId, version: state.version });
  }

  /** A stable few-minute offset per listing, so postponed checks do not all land on the hour. */
  #spread(listingId: string): number {
    let h = 0;
    for (let i = 0; i < listingId.length; i++) h = (h * 31 + listingId.charCodeAt(i)) | 0;
    return (Math.abs(h) % 600) * 1000;
  }
}

export interface ListingChaseReport {
  readonly listingId: string;
  readonly nextCheckAt: number;
  readonly reason: string;
  readonly lastCheckAt: number | undefined;
  readonly lagMs: number | undefined;
  readonly preferred: boolean;
  readonly chaptersPerDay: number;
  readonly busiestHourOfWeek: number | undefined;
  readonly consecutiveFailures: number;
  /** Fading evidence: chapters it showed before another listing, and chapters it showed late. */
  readonly ledChapters: number;
  readonly behindChapters: number;
}
