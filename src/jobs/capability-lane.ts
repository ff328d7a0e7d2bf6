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
  /** What an operator does so that some worker has it, for the warning below. */
  readonly howToProvide: string;
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
  options: {
    lane: CapabilityLane;
    concurrency: number;
    /**
     * Told when a job was handed to a lane no running worker takes (it waits there until one
     * starts), at most once per `warnEveryMs` (default 10 minutes).
     */
    warn?: (line: string) => void;
    warnEveryMs?: number;
  },
): void {
  const { lane, concurrency } = options;
  const laneType = laneOf(type, lane.capability);
  if (lane.present) {
    queue.handle(type, handler, { concurrency });
    queue.handle(laneType, handler, { concurrency });
    return;
  }
  let warnedAt = -Infinity;
  /** Jobs handed on wait silently for a worker that may never come: say so where it is seen. */
  const warnIfUntaken = async (key: string) => {
    const now = Date.now();
    if (options.warn === undefined || now - warnedAt < (options.warnEveryMs ?? 600_000)) return;
    if ((await queue.takers?.(laneType)) !== 0) return;
    warnedAt = now;
    options.warn(
      `A ${type} job (${key}) needs ${lane.capability} and waits in the ${laneType} queue, ` +
        `which no running worker takes: ${lane.howToProvide}.`,
    );
  };
  queue.handle<P>(
    type,
    async (context) => {
      const { needed, error } = await lane.track(() => handler(context));
      if (needed) {
        const { key, payload } = context.job;
        await queue.enqueue<P>({ type: laneType, key, payload });
        await warnIfUntaken(key);
        return;
      }
      if (error !== undefined) throw error;
    },
    { concurrency },
  );
}
