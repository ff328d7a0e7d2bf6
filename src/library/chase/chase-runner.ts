import type { ChasedListingRecord, LibraryDeps } from '../ports.ts';
import type { ChaseCheckResult } from './check-listing.ts';
import { ChaseScheduler } from './chase-scheduler.ts';
import type { CheckResult } from './chase-scheduler.ts';
import type { ChaseBudget } from './budget.ts';
import { parseSavedListingChase } from './saved-state.ts';

/** One check the runner wants made now (as a job: see `ChaseRunnerOptions.plan`). */
export interface PlannedCheck {
  readonly listingId: number;
  readonly bookId: number;
  readonly reason: string;
}

/** What the UI shows of a listing's chase, kept in `listing.lag` beside the saved state. */
export interface ListingChaseView {
  readonly lagMs: number | null;
  readonly preferred: boolean;
  readonly reason: string;
  readonly chaptersPerDay: number;
  readonly consecutiveFailures: number;
  /** A reader chose this source for the book (换源): it stays preferred while healthy. */
  readonly chosen?: boolean;
}

/** The listing a reader chose for the book, as its saved chase view says. */
function chosenIn(listings: ReadonlyArray<{ id: number; lag?: unknown }>): string | undefined {
  const chosen = listings.find((l) => (l.lag as Partial<ListingChaseView> | undefined)?.chosen);
  return chosen && String(chosen.id);
}

export interface ChaseRunnerOptions {
  /** Hands a due check to whoever runs checks (the job queue). */
  readonly plan: (check: PlannedCheck) => Promise<void>;
  /**
   * Requests per day for the whole instance and per host per hour. Default: 20,000 a day and
   * 120 per host per hour, on top of the network layer's own per-host limits, which always hold.
   */
  readonly budget?: Partial<ChaseBudget>;
  /** How often the followed listings are read again from the store (new books, sources). */
  readonly syncEveryMs?: number;
  /** A check handed out and not answered within this long counts as failed (its job died). */
  readonly checkTimeoutMs?: number;
}

const hourMs = 3_600_000;

/**
 * The chase in production: keeps a `ChaseScheduler` in step with the store (every listing of every
 * followed book), hands due checks to the job queue, learns from each check's result and saves
 * what it learned on the listing, so a restart continues where it left off. One runner per
 * installation (the server that holds the chase lock); checks run wherever workers run.
 */
export class ChaseRunner {
  readonly #deps: Pick<LibraryDeps, 'store' | 'clock'>;
  readonly #options: ChaseRunnerOptions;
  #scheduler: ChaseScheduler | undefined;
  #syncedAt = -Infinity;
  #rebalancedAt = -Infinity;
  /** Listings the scheduler holds. */
  readonly #known = new Set<string>();
  /** Checks handed out and not answered yet, with when. */
  readonly #outstanding = new Map<number, number>();

  constructor(deps: Pick<LibraryDeps, 'store' | 'clock'>, options: ChaseRunnerOptions) {
    this.#deps = deps;
    this.#options = options;
  }

  /** Reads the followed listings and brings the scheduler in step: adds, updates, forgets. */
  async sync(): Promise<void> {
    const now = this.#deps.clock.now();
    const listings = (await this.#deps.store.listings.listFollowed()).filter(
      (l) => l.sourceEnabled,
    );
    const scheduler = this.#schedulerFor();
    const wanted = new Set(listings.map((l) => String(l.id)));
    for (const id of this.#known) if (!wanted.has(id)) this.#forget(scheduler, id);
    const finished = new Map<number, boolean>();
    for (const listing of listings) {
      scheduler.addBook(String(listing.bookId), listing.followers);
      if (scheduler.hasListing(String(listing.id))) continue;
      if (!finished.has(listing.bookId)) {
        const book = await this.#deps.store.books.get(listing.bookId);
        finished.set(listing.bookId, isFinished(book?.status ?? book?.kind));
      }
      const saved = parseSavedListingChase(listing.cadence);
      scheduler.addListing(
        {
          listingId: String(listing.id),
          bookId: String(listing.bookId),
          host: hostOf(listing),
          finished: finished.get(listing.bookId) ?? false,
          // Never chased yet: its last TOC fetch (when the book was added) bounds what is new.
          ...(saved
            ? { saved }
            : listing.checkedAt === undefined
              ? {}
              : { lastCheckAt: listing.checkedAt }),
        },
        now,
      );
      this.#known.add(String(listing.id));
    }
    // A reader's choice of source is kept on the listings (their chase view): brought in here.
    const byBook = new Map<number, ChasedListingRecord[]>();
    for (const l of listings) byBook.set(l.bookId, [...(byBook.get(l.bookId) ?? []), l]);
    for (const [bookId, members] of byBook)
      scheduler.choosePreferred(String(bookId), chosenIn(members));
    this.#syncedAt = now;
  }

  /**
   * Plans every check due now. Call it on a timer; `nextDueAt` tells how long it may sleep.
   * Returns how many checks it handed out.
   */
  async tick(): Promise<number> {
    const now = this.#deps.clock.now();
    if (
      this.#scheduler === undefined ||
      now - this.#syncedAt >= (this.#options.syncEveryMs ?? 60_000)
    )
      await this.sync();
    const scheduler = this.#scheduler!;
    if (now - this.#rebalancedAt >= hourMs) {
      scheduler.rebalance(now);
      this.#rebalancedAt = now;
    }
    await this.#expireOutstanding(scheduler, now);
    const due = scheduler.takeDue(now, 500);
    for (const check of due) {
      const listingId = Number(check.listingId);
      this.#outstanding.set(listingId, now);
      await this.#options.plan({ listingId, bookId: Number(check.bookId), reason: check.reason });
    }
    return due.length;
  }

  /**
   * Plans checks until `signal` ends it: a tick, then a sleep until the next check is due (at most
   * `tickMs`, so a new book is seen within it). A failed tick (a store hiccup) is handed to
   * `onError` and the chase carries on at the next one.
   */
  async run(
    signal: AbortSignal,
    options: { readonly tickMs?: number; readonly onError: (error: unknown) => void },
  ): Promise<void> {
    const tickMs = options.tickMs ?? 30_000;
    const clock = this.#deps.clock;
    while (!signal.aborted) {
      try {
        await this.tick();
      } catch (error) {
        options.onError(error);
      }
      const next = this.nextDueAt() ?? Infinity;
      const sleepMs = Math.max(100, Math.min(tickMs, next - clock.now()));
      await clock.sleep(sleepMs, signal).catch(() => undefined);
    }
  }

  /** When the next check is due (ms since epoch), if any. */
  nextDueAt(): number | undefined {
    return this.#scheduler?.nextDueAt();
  }

  /** Learns from a check, saves the listing's state and plans confirmations it asks for. */
  async record(result: ChaseCheckResult): Promise<CheckResult> {
    const now = this.#deps.clock.now();
    if (this.#scheduler === undefined || !this.#scheduler.hasListing(String(result.listingId)))
      await this.sync();
    const scheduler = this.#scheduler!;
    this.#outstanding.delete(result.listingId);
    if (!scheduler.hasListing(String(result.listingId))) return { discovered: [], confirm: [] };
    const outcome = result.ok
      ? {
          ok: true as const,
          newChapterKeys: result.baseline ? [] : result.newKeys,
          knownFirstSeen: result.knownFirstSeen,
        }
      : {
          ok: false as const,
          ...(result.retryAfterMs ? { retryAfterMs: result.retryAfterMs } : {}),
        };
    // A reader may have chosen the book's source since the last sync: that choice holds.
    const stored = await this.#deps.store.listings.listByBook(result.bookId);
    scheduler.choosePreferred(String(result.bookId), chosenIn(stored));
    const learned = scheduler.recordCheck(String(result.listingId), outcome, now);
    // The preferred source may have moved: every listing of the book shows it.
    const bookListings = stored.map((l) => String(l.id));
    for (const id of bookListings) await this.#save(scheduler, id, now);
    for (const id of learned.confirm) {
      const listingId = Number(id);
      this.#outstanding.set(listingId, now);
      await this.#options.plan({ listingId, bookId: result.bookId, reason: 'confirm' });
    }
    return learned;
  }

  /** The listing's chase as people see it (next check and why, lag, preferred). */
  describe(listingId: number): ReturnType<ChaseScheduler['describe']> {
    return this.#scheduler?.describe(String(listingId), this.#deps.clock.now());
  }

  async #save(scheduler: ChaseScheduler, id: string, now: number): Promise<void> {
    const report = scheduler.describe(id, now);
    const saved = scheduler.save(id);
    if (report === undefined || saved === undefined) return;
    const view: ListingChaseView = {
      lagMs: report.lagMs ?? null,
      preferred: report.preferred,
      reason: report.reason,
      chaptersPerDay: report.chaptersPerDay,
      consecutiveFailures: report.consecutiveFailures,
      ...(report.chosen ? { chosen: true } : {}),
    };
    await this.#deps.store.listings.saveChaseState(Number(id), {
      nextCheckAt: report.nextCheckAt,
      cadence: saved,
      lag: view,
    });
  }

  /** A check whose job died never answers: count it as failed so the listing is not forgotten. */
  async #expireOutstanding(scheduler: ChaseScheduler, now: number): Promise<void> {
    const timeout = this.#options.checkTimeoutMs ?? hourMs;
    for (const [listingId, since] of this.#outstanding) {
      if (now - since < timeout) continue;
      this.#outstanding.delete(listingId);
      if (!scheduler.hasListing(String(listingId))) continue;
      scheduler.recordCheck(String(listingId), { ok: false }, now);
      await this.#save(scheduler, String(listingId), now);
    }
  }

  #forget(scheduler: ChaseScheduler, id: string): void {
    scheduler.removeListing(id);
    this.#known.delete(id);
    this.#outstanding.delete(Number(id));
  }

  #schedulerFor(): ChaseScheduler {
    this.#scheduler ??= new ChaseScheduler({
      budget: {
        requestsPerDay: this.#options.budget?.requestsPerDay ?? 20_000,
        perHostPerHour: this.#options.budget?.perHostPerHour ?? 120,
      },
    });
    return this.#scheduler;
  }
}

/** The politeness budget a listing draws on: its book page's host. */
function hostOf(listing: ChasedListingRecord): string {
  try {
    return new URL(listing.bookUrl, listing.sourceUrl).host;
  } catch {
    return listing.sourceUrl;
  }
}

/** A book its sources call finished ("完本", "已完结", "Completed"): checked rarely, never dropped. */
export function isFinished(status: string | undefined): boolean {
  return (
    status !== undefined && /完本|完结|全本|已完成|\bcomplete(d)?\b|\bfinished\b/i.test(status)
  );
}
