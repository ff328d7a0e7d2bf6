/**
 * Legado's `concurrentRate` as host limits: "500" means one request start per 500 ms, "3/1000"
 * means at most 3 starts in any 1000 ms window. Anything else is ignored (and reported).
 */
import type { HostLimits } from './host-budget.ts';

export function parseConcurrentRate(rate: string | undefined): Partial<HostLimits> | undefined {
  const text = rate?.trim();
  if (!text) return undefined;
  // Samples: "500", "3/1000"
  const match = /^(\d+)(?:\s*\/\s*(\d+))?$/.exec(text);
  if (!match) return undefined;
  const first = Number(match[1]);
  if (match[2] === undefined) return first > 0 ? { minIntervalMs: first } : undefined;
  const ms = Number(match[2]);
  return first > 0 && ms > 0 ? { window: { count: first, ms } } : undefined;
}
