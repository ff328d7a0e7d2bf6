/*
 * The chase on the job queue. What the chase decides lives in `src/library/chase/` (planner, one
 * check, runner); this file only hands its checks to the queue and leads it in one process.
 */
import { isLinhaiError } from '#model';
import { ChaseRunner, checkListing, readersNearEnd } from '#library';
import type { ChaseCheckResult } from '#library';
import type { JobHandler, JobQueue } from '#jobs';
import type { PrefetchJob } from './job-handlers.ts';
import { acquireLeadership } from './singleton-lock.ts';
import { keepBookFilesBuilt } from './book-file-upkeep.ts';
import type { App } from './open-app.ts';

/** `chase`: check one listing for new chapters (probe, TOC, verified new chapters). */
export interface ChaseJob {
  readonly listingId: number;
  /** Fetch the TOC even when the probe says nothing changed (`linhai update`). */
  readonly force?: boolean;
}

/** `chase-result`: a check's result, for the runner that plans the chase (it learns from it). */
export type ChaseResultJob = ChaseCheckResult;

export const chaseJobKey = (listingId: number): string => `listing:${listingId}`;

/**
 * The `chase` handler, for every process that runs jobs (serve, `linhai worker`): makes the check
 * and hands the result to the runner through the queue, so it works whichever process leads.
 */
export function chaseJobHandlers(app: App, queue: JobQueue): Record<string, JobHandler<never>> {
  const chase: JobHandler<ChaseJob> = async ({ job, signal }) => {
    const { listingId, force } = job.payload;
    const listing = await app.store.listings.get(listingId);
    if (listing === undefined) return; // removed since it was planned: nothing to check
    const result = await checkListing(app.library, listingId, { force: force === true, signal });
    if (result.added.length > 0) {
      // Readers about to run out of chapters get the next ones downloaded ahead (from any source).
      for (const userId of await readersNearEnd(app.library, listing.bookId))
        await queue.enqueue<PrefetchJob>({
          type: 'prefetch',
          key: `book:${listing.bookId}:user:${userId}`,
          payload: { bookId: listing.bookId, userId, count: 5 },
        });
      // A shelved book's e-book files are made again with the new chapters, ahead of any download.
      await keepBookFilesBuilt(app, queue, listing.bookId);
    }
    await queue.enqueue<ChaseResultJob>({
      type: 'chase-result',
      key: `${chaseJobKey(listingId)}:${job.id}`,
      payload: result,
    });
  };
  return { chase: chase as JobHandler<never> };
}

export interface ChaseService {
  readonly runner: ChaseRunner;
  /** Stops planning (running checks finish on the queue). */
  stop(): Promise<void>;
}

export interface ChaseServiceOptions {
  /** Longest sleep between looks at what is due (default 30 s; a new book is seen within it). */
  readonly tickMs?: number;
  /** Don't run the planning loop (tests call `runner.tick()` themselves). */
  readonly manual?: boolean;
}

/**
 * Runs the chase's planner (`ChaseRunner`, `src/library/chase/`) in this process: due checks
 * become `chase` jobs, `chase-result` jobs teach the runner. Exactly one process of an installation should run it (the chase lock).
 * Budgets: LINHAI_CHASE_REQUESTS_PER_DAY, LINHAI_CHASE_HOST_PER_HOUR.
 */
export function startChase(app: App, options: ChaseServiceOptions = {}): ChaseService {
  const queue = app.queue;
  const runner = new ChaseRunner(app.library, {
    plan: async (check) => {
      await queue.enqueue<ChaseJob>({
        type: 'chase',
        key: chaseJobKey(check.listingId),
        payload: { listingId: check.listingId },
      });
    },
    budget: {
      ...envNumber('LINHAI_CHASE_REQUESTS_PER_DAY', 'requestsPerDay'),
      ...envNumber('LINHAI_CHASE_HOST_PER_HOUR', 'perHostPerHour'),
    },
  });
  queue.handle<ChaseResultJob>('chase-result', async ({ job }) => {
    await runner.record(job.payload);
  });
  const stopping = new AbortController();
  const loop = options.manual
    ? Promise.resolve()
    : runner.run(stopping.signal, {
        tickMs: options.tickMs,
        onError: (error) =>
          console.error(`chase: ${isLinhaiError(error) ? error.message : String(error)}`),
      });
  return {
    runner,
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}

function envNumber<K extends string>(name: string, key: K): Partial<Record<K, number>> {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? ({ [key]: value } as Record<K, number>) : {};
}

/**
 * The chase planner in exactly one process of the installation: this process contends for the
 * `chase` lock and runs the planner while it holds it (with SQLite it simply does). Release it on
 * shutdown, so another process takes over at once.
 */
export async function leadChase(
  app: App,
  options: ChaseServiceOptions = {},
): Promise<{ readonly service: ChaseService | undefined; release(): Promise<void> }> {
  let service: ChaseService | undefined;
  const leadership = await acquireLeadership(
    app,
    'chase',
    () => {
      service = startChase(app, options);
    },
    async () => {
      await service?.stop();
      service = undefined;
    },
  );
  return {
    get service() {
      return service;
    },
    release: () => leadership.release(),
  };
}

/**
 * Teaches the chase from the check results waiting in the queue when no other process plans the
 * chase (a `linhai update` with no server running); a running planner learns from them itself.
 * Returns whether this process did it.
 */
export async function learnWaitingResults(app: App): Promise<boolean> {
  const lead = await leadChase(app, { manual: true });
  try {
    if (lead.service === undefined) return false;
    app.queue.start();
    await app.queue.drain(['chase-result']);
    return true;
  } finally {
    await lead.release();
  }
}
