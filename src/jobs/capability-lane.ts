/**
 * Capability lanes: in a scale-out installation not every worker can run every job (a worker
 * without Chromium cannot render a WebView page). A job that reaches for a capability its worker
 * lacks is not failed there: it is handed, with its key and payload, to the type's lane
 * (`toc` → `toc-browser`), which only workers that have the capability take.
 */
import type { JobHandler, JobQueue } from './types.ts';

/** The queue type of `type`'s lane for `capability`: `toc` → `toc-browser`. */
export const laneOf = (type: string, capability: string): string => `${type}-${capability}`;

export interface CapabilityLane {
  /** The capability's name (part of the lane's type: letters, digits, - or _). */
  readonly capability: string;
  /** Whether this process has it: it then takes the lane's jobs too, and hands nothing off. */
  readonly present: boolean;
  /**
   * Runs a job and says whether it reached for the capability (a step refused for its lack),
   * whether it then failed or did the rest of its work.
   */
  track(run: () => Promise<void>): Promise<{ needed: boolean; error?: unknown }>;
}

/**
 * Registers `handler` for `type` and, in a process that has the capability, for its lane. In a
 * process without it, a job that needed the capability goes to the lane (and is done here);
 * other failures stay failures.
 */
export function handleWithLane<P>(
  queue: JobQueue,
  type: string,
  handler: JobHandler<P>,
  options: { lane: CapabilityLane; concurrency: number },
): void {
  const { lane, concurrency } = options;
  if (lane.present) {
    queue.handle(type, handler, { concurrency });
    queue.handle(laneOf(type, lane.capability), handler, { concurrency });
    return;
  }
  queue.handle<P>(
    type,
    async (context) => {
      const { needed, error } = await lane.track(() => handler(context));
      if (needed) {
        const { key, payload } = context.job;
        await queue.enqueue<P>({ type: laneOf(type, lane.capability), key, payload });
        return;
      }
      if (error !== undefined) throw error;
    },
    { concurrency },
  );
}
