import { randomUUID } from 'node:crypto';
import type * as Bullmq from 'bullmq';
import type { Job, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type * as Ioredis from 'ioredis';
import type { Clock } from '#model';
import { LinhaiError, asServiceUnavailable, lazyRequire, systemClock } from '#model';
import { retryDelayMs } from './backoff.ts';
import {
  HandlerFailure,
  bullStates,
  checkType,
  jobIdFor,
  toBullPriority,
  toJobInfo,
  typeOfJobId,
} from './bullmq-jobs.ts';
import type { BullState, JobEnvelope } from './bullmq-jobs.ts';
import type { JobHandler, JobInfo, JobQueue, JobSpec, JobState } from './types.ts';

// Loaded when an installation has Redis: the embedded queue beside this one needs neither.
const bullmq = lazyRequire<typeof Bullmq>('bullmq');
const ioredis = lazyRequire<typeof Ioredis>('ioredis');

export interface BullmqQueueOptions {
  /**
   * `redis://…` (a connection is opened and closed here) or an ioredis client the caller owns,
   * created with `maxRetriesPerRequest: null` as BullMQ workers require.
   */
  readonly connection: string | Redis;
  /** Prefix of every Redis key; separate installations (or test runs) use separate prefixes. */
  readonly prefix?: string;
  readonly clock?: Clock;
  /** Retry backoff base (ms), doubled per attempt, with full jitter; a Retry-After is a floor. */
  readonly retryBaseMs?: number;
  /** The lease: a job whose worker stops renewing its lock this long is taken by another worker. */
  readonly lockDurationMs?: number;
  /** How often workers look for jobs whose lock ran out (default: the lock duration). */
  readonly stalledIntervalMs?: number;
  /** Lock losses a job survives before it is dead-lettered as "stalled" (default 3). */
  readonly maxStalledCount?: number;
  /** Completed jobs kept per type for `list`/`counts` (default 1,000; older ones are removed). */
  readonly keepCompleted?: number;
}

interface Running {
  readonly controller: AbortController;
}

/**
 * The scale-out queue: jobs live in Redis under BullMQ, and any number of processes on any
 * machines run them. Same behaviour as the embedded queue: idempotent by type and key while a job
 * is waiting or active (BullMQ's deduplication, which ends when the job finishes, so the same key
 * can be planned again later), retries with jittered exponential backoff, dead-lettering with the
 * last error, and a worker that dies mid-job loses nothing (its lock expires and another worker's
 * stalled-job check puts the job back).
 */
export class BullmqQueue implements JobQueue {
  /** The workers' connection: blocking reads wait through a Redis outage and resume after it. */
  readonly #connection: Redis;
  /**
   * Everything else (planning a job, counts, lists): while Redis is down these fail within
   * seconds, so a reader's request that plans a job gets a clear error instead of hanging.
   */
  readonly #commands: Redis;
  readonly #ownsConnection: boolean;
  readonly #prefix: string;
  readonly #clock: Clock;
  readonly #retryBaseMs: number;
  readonly #lockDurationMs: number;
  readonly #stalledIntervalMs: number;
  readonly #maxStalledCount: number;
  readonly #keepCompleted: number;
  readonly #queues = new Map<string, Queue>();
  readonly #handlers = new Map<string, { handler: JobHandler<unknown>; concurrency: number }>();
  readonly #workers = new Map<string, Worker>();
  readonly #running = new Map<string, Running>();
  #started = false;

  constructor(options: BullmqQueueOptions) {
    this.#ownsConnection = typeof options.connection === 'string';
    // Workers block on Redis; BullMQ requires maxRetriesPerRequest: null on their connections.
    this.#connection =
      typeof options.connection === 'string'
        ? new (ioredis().Redis)(options.connection, { maxRetriesPerRequest: null })
        : options.connection;
    this.#commands =
      typeof options.connection === 'string'
        ? new (ioredis().Redis)(options.connection, { maxRetriesPerRequest: 1 })
        : options.connection;
    // Connection errors reach the commands that fail; the events alone must not crash the process.
    this.#connection.on('error', () => undefined);
    this.#commands.on('error', () => undefined);
    this.#prefix = options.prefix ?? 'linhai';
    this.#clock = options.clock ?? systemClock;
    this.#retryBaseMs = options.retryBaseMs ?? 30_000;
    this.#lockDurationMs = options.lockDurationMs ?? 30_000;
    this.#stalledIntervalMs = options.stalledIntervalMs ?? this.#lockDurationMs;
    this.#maxStalledCount = options.maxStalledCount ?? 3;
    this.#keepCompleted = options.keepCompleted ?? 1_000;
  }

  async enqueue<P>(spec: JobSpec<P>): Promise<{ id: string; created: boolean }> {
    // Redis went away and ioredis is trying to reconnect: say so now rather than after its retry.
    if (this.#commands.status === 'reconnecting')
      throw new LinhaiError('unavailable', 'Redis (the job queue) cannot be reached right now', {
        retryAfterMs: 5_000,
        details: { service: 'redis' },
      });
    const queue = this.#queue(spec.type);
    const now = this.#clock.now();
    const id = jobIdFor(spec.type, randomUUID());
    const envelope: JobEnvelope = { key: spec.key, payload: spec.payload };
    await this.#commands.sadd(this.#typesKey, spec.type);
    const job = await queue.add(spec.type, envelope, {
      jobId: id,
      // Simple-mode deduplication: the key holds while the job waits or runs, no longer.
      deduplication: { id: spec.key },
      priority: toBullPriority(spec.priority ?? 0),
      delay: Math.max(0, (spec.runAt ?? now) - now),
      attempts: spec.maxAttempts ?? 5,
      backoff: { type: 'linhai' },
      removeOnComplete: { count: this.#keepCompleted },
      removeOnFail: false,
    });
    return { id: job.id ?? id, created: job.id === id };
  }

  handle<P>(type: string, handler: JobHandler<P>, options: { concurrency?: number } = {}): void {
    this.#queue(type);
    void this.#commands.sadd(this.#typesKey, type).catch(() => undefined);
    this.#handlers.set(type, {
      handler: handler as JobHandler<unknown>,
      concurrency: Math.max(1, options.concurrency ?? 1),
    });
    if (this.#started) this.#startWorker(type);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    for (const type of this.#handlers.keys()) this.#startWorker(type);
  }

  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.#started = false;
    const workers = [...this.#workers.values()];
    this.#workers.clear();
    // close() stops fetching at once and waits for the jobs in hand.
    const closing = Promise.all(workers.map((w) => w.close()));
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, options.graceMs ?? 10_000);
    });
    await Promise.race([closing, grace]);
    clearTimeout(timer);
    // Still running after the grace period: abort them; the processor returns them to waiting.
    for (const running of this.#running.values())
      running.controller.abort(new Error('queue stopping'));
    await closing;
  }

  /** Stops the workers and closes every Redis connection this queue opened. */
  async close(options: { graceMs?: number } = {}): Promise<void> {
    await this.stop(options);
    await Promise.all([...this.#queues.values()].map((q) => q.close()));
    this.#queues.clear();
    if (this.#ownsConnection)
      await Promise.all(
        [this.#connection, this.#commands].map((c) => c.quit().catch(() => undefined)),
      );
  }

  /**
   * What a killed process leaves behind, for crash drills and tests: the workers stop at once and
   * stop renewing their locks, and nothing is finished or returned. Another worker takes the jobs
   * once their locks expire.
   */
  async abandon(): Promise<void> {
    this.#started = false;
    const workers = [...this.#workers.values()];
    this.#workers.clear();
    await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
  }

  async drain(types?: readonly string[]): Promise<void> {
    for (;;) {
      if ((await this.#pending(types ?? (await this.#knownTypes()))) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async counts(): Promise<Record<JobState, number>> {
    const totals: Record<JobState, number> = { waiting: 0, active: 0, completed: 0, dead: 0 };
    for (const counts of Object.values(await this.countsByType()))
      for (const state of Object.keys(totals) as JobState[]) totals[state] += counts[state];
    return totals;
  }

  async countsByType(): Promise<Record<string, Record<JobState, number>>> {
    const byType: Record<string, Record<JobState, number>> = {};
    for (const type of await this.#knownTypes()) {
      const counts = await this.#queue(type).getJobCounts(...Object.values(bullStates).flat());
      const mine: Record<JobState, number> = { waiting: 0, active: 0, completed: 0, dead: 0 };
      for (const [state, bull] of Object.entries(bullStates) as [JobState, BullState[]][])
        mine[state] = bull.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
      byType[type] = mine;
    }
    return byType;
  }

  async list(filter: { state?: JobState; type?: string; limit?: number }): Promise<JobInfo[]> {
    const limit = filter.limit ?? 50;
    const types = filter.type ? [filter.type] : await this.#knownTypes();
    const states = filter.state ? [filter.state] : (Object.keys(bullStates) as JobState[]);
    const out: JobInfo[] = [];
    for (const type of types) {
      for (const state of states) {
        if (out.length >= limit) return out;
        const jobs = await this.#queue(type).getJobs(
          [...bullStates[state]],
          0,
          limit - out.length - 1,
        );
        for (const job of jobs) if (job) out.push(toJobInfo(job, state));
      }
    }
    return out.slice(0, limit);
  }

  async retry(id: string): Promise<void> {
    const type = typeOfJobId(id);
    const job = type ? await this.#queue(type).getJob(id) : undefined;
    if (!type || !job) throw new LinhaiError('not-found', `No job ${id}`, { details: { id } });
    if ((await job.getState()) !== 'failed')
      throw new LinhaiError('invalid-input', `Job ${id} is not dead-lettered`, {
        details: { id },
      });
    await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
    // BullMQ released the job's deduplication key when it failed; hold it again while it waits.
    const key = (job.data as Partial<JobEnvelope>).key;
    if (key !== undefined) await this.#commands.set(`${this.#prefix}:${type}:de:${key}`, id, 'NX');
  }

  get #typesKey(): string {
    return `${this.#prefix}:linhai:types`;
  }

  async #knownTypes(): Promise<string[]> {
    const stored = await this.#commands.smembers(this.#typesKey);
    return [...new Set([...stored, ...this.#queues.keys()])].sort();
  }

  /** BullMQ's count of connected workers of the type's queue (Redis CLIENT LIST); undefined
   *  where the server refuses CLIENT LIST (some managed Redis services). */
  async takers(type: string): Promise<number | undefined> {
    try {
      return await this.#queue(type).getWorkersCount();
    } catch {
      return undefined;
    }
  }

  #queue(type: string): Queue {
    if (!checkType(type))
      throw new LinhaiError('invalid-input', `Job type "${type}" must be letters, digits, - or _`);
    let queue = this.#queues.get(type);
    if (!queue) {
      queue = new (bullmq().Queue)(type, { connection: this.#commands, prefix: this.#prefix });
      queue.on('error', () => undefined);
      this.#queues.set(type, queue);
    }
    return queue;
  }

  /** Jobs waiting and due now, plus active ones (delayed jobs count once their time has come). */
  async #pending(types: readonly string[]): Promise<number> {
    let total = 0;
    const now = this.#clock.now();
    for (const type of types) {
      const c = await this.#queue(type).getJobCounts('wait', 'prioritized', 'active');
      total += Object.values(c).reduce((sum, n) => sum + n, 0);
      // Delayed scores are timestamp·0x1000 + a counter (BullMQ's getDelayedScore.lua).
      const dueScore = (now + 1) * 0x1000 - 1;
      total += await this.#commands.zcount(`${this.#prefix}:${type}:delayed`, 0, dueScore);
    }
    return total;
  }

  #startWorker(type: string): void {
    const registration = this.#handlers.get(type);
    if (!registration || this.#workers.has(type)) return;
    const worker = new (bullmq().Worker)(
      type,
      (job, token) => this.#process(job, token, registration),
      {
        connection: this.#connection,
        prefix: this.#prefix,
        concurrency: registration.concurrency,
        lockDuration: this.#lockDurationMs,
        stalledInterval: this.#stalledIntervalMs,
        maxStalledCount: this.#maxStalledCount,
        settings: {
          backoffStrategy: (attemptsMade, _type, error) =>
            retryDelayMs(attemptsMade, {
              baseMs: this.#retryBaseMs,
              floorMs: error instanceof HandlerFailure ? error.retryAfterMs : undefined,
            }),
        },
      },
    );
    // Connection hiccups surface here; BullMQ retries on its own, so they must not crash the process.
    worker.on('error', () => undefined);
    this.#workers.set(type, worker);
  }

  async #process(
    job: Job,
    token: string | undefined,
    registration: { handler: JobHandler<unknown> },
  ): Promise<void> {
    const controller = new AbortController();
    const id = job.id ?? '';
    this.#running.set(id, { controller });
    try {
      await registration.handler({ job: toJobInfo(job, 'active'), signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) {
        // Shutdown, not failure: back to waiting without counting the attempt.
        await job.moveToWait(token);
        throw new (bullmq().WaitingError)();
      }
      // PostgreSQL or Redis went away under the job: not the job's failure. It runs again in a
      // few seconds without spending an attempt (an export job has only one).
      const outage = asServiceUnavailable(error);
      if (outage && token !== undefined) {
        await job.moveToDelayed(this.#clock.now() + (outage.retryAfterMs ?? 5_000), token);
        throw new (bullmq().DelayedError)();
      }
      throw HandlerFailure.from(error);
    } finally {
      this.#running.delete(id);
    }
  }
}
