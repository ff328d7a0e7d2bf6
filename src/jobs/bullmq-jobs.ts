/**
 * How Linhai jobs are laid out in BullMQ: one BullMQ queue per job type (so each type gets its
 * own worker and concurrency), job ids that carry their type, priorities shifted into BullMQ's
 * range, and BullMQ's states folded into the four `JobState`s.
 */
import type { Job } from 'bullmq';
import { isLinhaiError } from '#model';
import type { JobInfo, JobState } from './types.ts';

/** What a BullMQ job carries: the Linhai key (for `JobInfo`) and the caller's payload. */
export interface JobEnvelope {
  readonly key: string;
  readonly payload: unknown;
}

/**
 * BullMQ priorities run 1..2,097,152 (lower first) and jobs without one jump ahead of all
 * prioritized ones; every Linhai job therefore gets one, with Linhai's 0 in the middle so that
 * negative priorities (more urgent) still fit.
 */
const priorityOffset = 1_000_000;
const priorityLimit = 2_097_152;

export function toBullPriority(priority: number): number {
  return Math.min(priorityLimit, Math.max(1, Math.trunc(priority) + priorityOffset));
}

export function fromBullPriority(priority: number | undefined): number {
  return priority ? priority - priorityOffset : 0;
}

/** BullMQ states behind each Linhai state (waiting includes delayed retries; BullMQ 6 keeps a paused queue's jobs in `wait`). */
export const bullStates: Readonly<Record<JobState, readonly BullState[]>> = {
  waiting: ['wait', 'prioritized', 'delayed', 'waiting-children'],
  active: ['active'],
  completed: ['completed'],
  dead: ['failed'],
};

export type BullState =
  'wait' | 'prioritized' | 'delayed' | 'waiting-children' | 'active' | 'completed' | 'failed';

/**
 * Job ids are `<type>.<uuid>`: BullMQ forbids ':' in custom ids, and carrying the type lets
 * `retry(id)` find the job's queue without a lookup. Types therefore contain no '.' or ':'.
 */
export function jobIdFor(type: string, unique: string): string {
  return `${type}.${unique}`;
}

export function typeOfJobId(id: string): string | undefined {
  const dot = id.lastIndexOf('.');
  return dot > 0 ? id.slice(0, dot) : undefined;
}

/** A valid job type: a name usable as a BullMQ queue name and an id prefix. */
export function checkType(type: string): boolean {
  // e.g. "content", "toc", "chase-listing"
  return /^[A-Za-z0-9_-]+$/.test(type);
}

export function toJobInfo(job: Job, state: JobState): JobInfo {
  const envelope = (job.data ?? {}) as Partial<JobEnvelope>;
  const attempts = job.attemptsMade + (state === 'active' ? 1 : 0);
  return {
    id: job.id ?? '',
    type: job.queueName,
    key: envelope.key ?? '',
    payload: envelope.payload,
    state,
    attempts,
    maxAttempts: job.opts.attempts ?? 1,
    runAt: job.timestamp + (job.delay ?? 0),
    lastError: job.failedReason || undefined,
    createdAt: job.timestamp,
    finishedAt: job.finishedOn ?? undefined,
  };
}

/** The message kept as a job's last error: the Linhai code first, so a user sees what failed. */
export function describeError(error: unknown): string {
  if (isLinhaiError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * What a handler's failure becomes inside BullMQ: a plain Error with the described message, still
 * carrying the server's Retry-After as a floor for the backoff strategy.
 */
export class HandlerFailure extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HandlerFailure';
  }

  static from(error: unknown): HandlerFailure {
    const floor = isLinhaiError(error) ? error.retryAfterMs : undefined;
    return new HandlerFailure(describeError(error), floor, { cause: error });
  }
}
