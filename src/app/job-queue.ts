import type { Clock } from '#model';
import { BullmqQueue, EmbeddedQueue } from '#jobs';
import type { JobQueue } from '#jobs';
import type { Store } from '#store';

/** The app's queue, with the one extra thing the composition root needs: closing it. */
export interface AppJobQueue extends JobQueue {
  /** Which implementation stands behind the queue (for `/health` and logs). */
  readonly kind: 'embedded' | 'bullmq';
  /** Stops taking jobs (returning running ones after `graceMs`) and closes connections. */
  close(options?: { graceMs?: number }): Promise<void>;
}

interface JobQueueChoice {
  readonly store: Store;
  readonly clock: Clock;
  /** `redis://…`: BullMQ on Redis, shared by every process of the installation. */
  readonly redisUrl?: string | undefined;
  /** Prefix of the queue's Redis keys (installations or test runs sharing one Redis). */
  readonly redisPrefix: string;
  /** How long a job stays a worker's without a renewal: a dead worker's jobs return after it. */
  readonly leaseMs: number;
}

/**
 * BullMQ when the installation has Redis, else the embedded queue on the store's `job` table
 * (which several processes on one PostgreSQL can share too: claims are conditional updates).
 */
export function createJobQueue(choice: JobQueueChoice): AppJobQueue {
  const { leaseMs } = choice;
  if (choice.redisUrl) {
    const queue = new BullmqQueue({
      connection: choice.redisUrl,
      prefix: choice.redisPrefix,
      clock: choice.clock,
      lockDurationMs: leaseMs,
    });
    return Object.assign(queue, { kind: 'bullmq' as const });
  }
  const queue = new EmbeddedQueue({
    repository: choice.store.jobs,
    clock: choice.clock,
    leaseMs,
  });
  return Object.assign(queue, {
    kind: 'embedded' as const,
    close: (options?: { graceMs?: number }) => queue.stop(options),
  });
}
