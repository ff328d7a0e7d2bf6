import type { JobInfo, JobSpec, JobState } from './types.ts';

/**
 * Persistence the embedded queue needs; the store's `jobs` repository implements it over the `job`
 * table. Every method is one atomic statement, so a crash between two leaves a consistent table.
 */
export interface JobRepository {
  /** Inserts unless a waiting/active job has the same type and key; returns the job's id either way. */
  insert(spec: Required<Omit<JobSpec, 'runAt'>> & { runAt: number; now: number }): Promise<{
    id: string;
    created: boolean;
  }>;
  /**
   * Atomically takes the next due waiting job of one of `types` (lowest priority, then earliest
   * run time), marks it active with a lease until `leaseUntil`, and counts the attempt.
   */
  claim(options: {
    types: readonly string[];
    now: number;
    leaseUntil: number;
    owner: string;
  }): Promise<JobInfo | undefined>;
  /** Extends the lease of a running job. */
  renew(id: string, owner: string, leaseUntil: number): Promise<void>;
  complete(id: string, owner: string, now: number): Promise<void>;
  /** Back to waiting at `runAt` (a retry), or dead when `dead`; records the error either way. */
  fail(
    id: string,
    owner: string,
    failure: { error: string; runAt: number; dead: boolean; now: number },
  ): Promise<void>;
  /** Returns a job to waiting without counting the attempt (shutdown). */
  release(id: string, owner: string, now: number): Promise<void>;
  /** Jobs whose lease ran out (their process died) go back to waiting; returns how many. */
  recoverExpired(now: number): Promise<number>;
  /** The earliest run time of a waiting job of these types, for the poller's sleep. */
  nextRunAt(types: readonly string[]): Promise<number | undefined>;
  countByState(): Promise<Record<JobState, number>>;
  countByTypeAndState(): Promise<Record<string, Record<JobState, number>>>;
  /** Waiting jobs due by `now` plus active jobs, of these types. */
  pending(types: readonly string[] | undefined, now: number): Promise<number>;
  list(filter: { state?: JobState; type?: string; limit: number }): Promise<JobInfo[]>;
  retry(id: string, now: number): Promise<void>;
}
