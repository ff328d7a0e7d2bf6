import type { Arrival } from './publishing-model.ts';

/** The last publishing events' times, reused between calls (this runs on every relearn). */
let events = new Float64Array(128);
const gaps = new Float64Array(12);

/**
 * After a regular publisher (a chapter a day at about the same hour) has published, the next
 * chapter is unlikely before most of a usual gap has passed: a renewal process, not memoryless
 * Poisson. Returns until when checks may thin out, or undefined when the listing is irregular.
 */
export function quietUntil(
  arrivals: readonly Arrival[],
  burstWindowMs = 30 * 60_000,
): number | undefined {
  // Merge bursts (several chapters within minutes) into one publishing event.
  if (events.length < arrivals.length) events = new Float64Array(arrivals.length);
  let count = 0;
  for (const arrival of arrivals) {
    const t = (arrival.from + arrival.to) / 2;
    if (count === 0 || t - events[count - 1]! > burstWindowMs) events[count++] = t;
  }
  if (count < 5) return undefined;
  // The gaps between the last (up to) 13 events.
  const gapCount = Math.min(12, count - 1);
  let mean = 0;
  for (let i = 0; i < gapCount; i++) {
    const at = count - gapCount + i;
    gaps[i] = events[at]! - events[at - 1]!;
    mean += gaps[i]!;
  }
  mean /= gapCount;
  let variance = 0;
  for (let i = 0; i < gapCount; i++) variance += (gaps[i]! - mean) ** 2;
  variance /= gapCount;
  if (Math.sqrt(variance) / mean > 0.5) return undefined;
  const median = gaps.subarray(0, gapCount).sort()[gapCount >> 1]!;
  return events[count - 1]! + 0.6 * median;
}
