/**
 * The jobs layer's public door: one queue interface, the embedded (store-backed) implementation,
 * and — with the scale-out issue — BullMQ behind the same interface.
 */
export type { JobQueue, JobSpec, JobInfo, JobState, JobHandler, JobContext } from './types.ts';
export type { JobRepository } from './job-repository.ts';
export { EmbeddedQueue } from './embedded-queue.ts';
export type { EmbeddedQueueOptions } from './embedded-queue.ts';
export { retryDelayMs } from './backoff.ts';
export { BullmqQueue } from './bullmq-queue.ts';
export type { BullmqQueueOptions } from './bullmq-queue.ts';
export { handleWithLane, laneOf } from './capability-lane.ts';
export type { CapabilityLane } from './capability-lane.ts';
