/**
 * The job queue as every caller sees it. Two implementations stand behind it: the embedded queue
 * (jobs in the store's `job` table, run in this process; the default) and BullMQ on Redis
 * (scale-out workers). Callers never know which one they have.
 */
import type { JobRecord, JobState } from '#model';

export type { JobState } from '#model';

export interface JobSpec<P = unknown> {
  /** What kind of work: "chase", "toc", "content", "prefetch", "export"… Handlers register per type. */
  readonly type: string;
  /**
   * What the job does, as a stable key ("listing:42"). While a job of the same type and key is
   * waiting or active, enqueueing it again adds nothing: the work is already planned.
   */
  readonly key: string;
  /** Plain JSON the handler needs. */
  readonly payload: P;
  /** Not before this time (ms since epoch); now when absent. */
  readonly runAt?: number;
  /** Lower runs first; 0 by default. */
  readonly priority?: number;
  /** Attempts before the job is dead-lettered; 5 by default. */
  readonly maxAttempts?: number;
}

/** A queued job as the queue reports it (the embedded queue's row has the same shape). */
export type JobInfo<P = unknown> = JobRecord<P>;

/** What a handler gets: the job, and a signal that fires when the queue is shutting down. */
export interface JobContext<P = unknown> {
  readonly job: JobInfo<P>;
  readonly signal: AbortSignal;
}

export type JobHandler<P = unknown> = (context: JobContext<P>) => Promise<void>;

export interface JobQueue {
  /** Plans a job; `created` is false when the same work was already waiting or running. */
  enqueue<P>(spec: JobSpec<P>): Promise<{ readonly id: string; readonly created: boolean }>;
  /** Registers the handler of a job type; the queue runs up to `concurrency` of them at once. */
  handle<P>(type: string, handler: JobHandler<P>, options?: { concurrency?: number }): void;
  /** Starts taking jobs. */
  start(): void;
  /**
   * Stops taking jobs and waits for running ones; those still running after `graceMs` are
   * aborted and returned to the queue, so nothing is lost.
   */
  stop(options?: { graceMs?: number }): Promise<void>;
  /** Resolves when no job of these types is waiting (due now) or active: for `linhai update`. */
  drain(types?: readonly string[]): Promise<void>;
  counts(): Promise<Readonly<Record<JobState, number>>>;
  /** The same, per job type (types with no job at all may be missing). */
  countsByType(): Promise<Readonly<Record<string, Readonly<Record<JobState, number>>>>>;
  list(filter: { state?: JobState; type?: string; limit?: number }): Promise<readonly JobInfo[]>;
  /** Puts a dead-lettered job back in the queue with fresh attempts. */
  retry(id: string): Promise<void>;
  /**
   * Processes taking jobs of `type` now (started workers with a handler for it), across every
   * machine the queue reaches; undefined when the queue cannot tell.
   */
  takers?(type: string): Promise<number | undefined>;
}
