import type { Arrival } from './publishing-model.ts';

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
  const events: number[] = [];
  for (const arrival of arrivals) {
    const t = (arrival.from + arrival.to) / 2;
    if (events.length === 0 || t - events[events.length - 1]! > burstWindowMs) events.push(t);
  }
  if (events.length < 5) return undefined;
  const gaps = events
    .slice(1)
    .map((t, i) => t - events[i]!)
    .slice(-12);
  const sorted = [...gaps].sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1]!;
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const variance = gaps.reduce((a, b) => a + (b - mean) ** 2, 0) / gaps.length;
  if (Math.sqrt(variance) / mean > 0.5) return undefined;
  const last = events[events.length - 1]!;
  return last + 0.6 * median;
}
