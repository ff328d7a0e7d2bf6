import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Clock } from '#model';
import { isLinhaiError, systemClock } from '#model';
import { retryDelayMs } from './backoff.ts';
import type { JobRepository } from './job-repository.ts';
import type { JobHandler, JobInfo, JobQueue, JobSpec, JobState } from './types.ts';

export interface EmbeddedQueueOptions {
  readonly repository: JobRepository;
  readonly clock?: Clock;
  /** How long a claimed job stays ours without a renewal; a crashed process's jobs return after it. */
  readonly leaseMs?: number;
  /** Longest sleep between looks at the table (new jobs enqueued here wake the loop at once). */
  readonly pollIntervalMs?: number;
  /** Retry backoff base (ms), doubled per attempt, with jitter. */
  readonly retryBaseMs?: number;
}

interface Registration {
  readonly handler: JobHandler<unknown>;
  readonly concurrency: number;
  running: number;
}

/**
 * The default queue: jobs live in the store's `job` table and run in this process. Jobs survive
 * restarts (a job that was running when the process died is taken again once its lease expires),
 * are idempotent by type and key, are retried with backoff and dead-lettered with their last error.
 */
export class EmbeddedQueue implements JobQueue {
  readonly #repository: JobRepository;
  readonly #clock: Clock;
  readonly #owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #leaseMs: number;
  readonly #pollIntervalMs: number;
  readonly #retryBaseMs: number;
  readonly #handlers = new Map<string, Registration>();
  readonly #active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  #running = false;
  #loop: Promise<void> | undefined;
  #wake: AbortController | undefined;

  constructor(options: EmbeddedQueueOptions) {
    this.#repository = options.repository;
    this.#clock = options.clock ?? systemClock;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.#retryBaseMs = options.retryBaseMs ?? 30_000;
  }

  async enqueue<P>(spec: JobSpec<P>): Promise<{ id: string; created: boolean }> {
    const now = this.#clock.now();
    const result = await this.#repository.insert({
      type: spec.type,
      key: spec.key,
      payload: spec.payload,
      runAt: spec.runAt ?? now,
      priority: spec.priority ?? 0,
      maxAttempts: spec.maxAttempts ?? 5,
      now,
    });
    this.#wake?.abort();
    return result;
  }

  handle<P>(type: string, handler: JobHandler<P>, options: { concurrency?: number } = {}): void {
    this.#handlers.set(type, {
      handler: handler as JobHandler<unknown>,
      concurrency: Math.max(1, options.concurrency ?? 1),
      running: 0,
    });
    this.#wake?.abort();
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#loop = this.#run();
  }

  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.#running = false;
    this.#wake?.abort();
    await this.#loop;
    const all = Promise.all([...this.#active.values()].map((a) => a.done));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.graceMs ?? 10_000);
    });
    await Promise.race([all, grace]);
    clearTimeout(timer);
    // Still running after the grace period: abort them; their handlers release the jobs.
    for (const active of this.#active.values())
      active.controller.abort(new Error('queue stopping'));
    await all;
  }

  async drain(types?: readonly string[]): Promise<void> {
    for (;;) {
      if ((await this.#repository.pending(types, this.#clock.now())) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  counts(): Promise<Record<JobState, number>> {
    return this.#repository.countByState();
  }

  countsByType(): Promise<Record<string, Record<JobState, number>>> {
    return this.#repository.countByTypeAndState();
  }

  list(filter: { state?: JobState; type?: string; limit?: number }): Promise<JobInfo[]> {
    return this.#repository.list({ ...filter, limit: filter.limit ?? 50 });
  }

  async retry(id: string): Promise<void> {
    await this.#repository.retry(id, this.#clock.now());
    this.#wake?.abort();
  }

  async #run(): Promise<void> {
    await this.#repository.recoverExpired(this.#clock.now());
    while (this.#running) {
      const claimed = await this.#claimAvailable();
      if (claimed > 0) continue;
      const free = this.#freeTypes();
      const next = free.length ? await this.#repository.nextRunAt(free) : undefined;
      const sleepMs = Math.min(
        this.#pollIntervalMs,
        next === undefined ? Infinity : next - this.#clock.now(),
      );
      this.#wake = new AbortController();
      await this.#clock.sleep(Math.max(0, sleepMs), this.#wake.signal).catch(() => undefined);
      await this.#repository.recoverExpired(this.#clock.now());
    }
  }

  #freeTypes(): string[] {
    return [...this.#handlers].filter(([, r]) => r.running < r.concurrency).map(([type]) => type);
  }

  /** Claims and starts as many due jobs as there are free handler slots; returns how many. */
  async #claimAvailable(): Promise<number> {
    let claimed = 0;
    for (;;) {
      const types = this.#freeTypes();
      if (!this.#running || types.length === 0) return claimed;
      const now = this.#clock.now();
      const job = await this.#repository.claim({
        types,
        now,
        leaseUntil: now + this.#leaseMs,
        owner: this.#owner,
      });
      if (!job) return claimed;
      claimed++;
      this.#execute(job);
    }
  }

  #execute(job: JobInfo): void {
    const registration = this.#handlers.get(job.type)!;
    registration.running++;
    const controller = new AbortController();
    const renewEvery = Math.max(1_000, this.#leaseMs / 3);
    const renewal = setInterval(() => {
      void this.#repository
        .renew(job.id, this.#owner, this.#clock.now() + this.#leaseMs)
        .catch(() => undefined);
    }, renewEvery);
    renewal.unref();
    const done = (async () => {
      try {
        await registration.handler({ job, signal: controller.signal });
        await this.#repository.complete(job.id, this.#owner, this.#clock.now());
      } catch (error) {
        const now = this.#clock.now();
        if (controller.signal.aborted) {
          await this.#repository.release(job.id, this.#owner, now);
        } else {
          const dead = job.attempts >= job.maxAttempts;
          const floorMs = isLinhaiError(error) ? error.retryAfterMs : undefined;
          const delay = retryDelayMs(job.attempts, {
            baseMs: this.#retryBaseMs,
            ...(floorMs ? { floorMs } : {}),
          });
          await this.#repository.fail(job.id, this.#owner, {
            error: describe(error),
            runAt: now + delay,
            dead,
            now,
          });
        }
      } finally {
        clearInterval(renewal);
        registration.running--;
        this.#active.delete(job.id);
        this.#wake?.abort();
      }
    })();
    this.#active.set(job.id, { controller, done });
  }
}

function describe(error: unknown): string {
  if (isLinhaiError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
