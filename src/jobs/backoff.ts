/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"):
 * the wait before attempt n+1 is uniform in [0, min(cap, base·2^(n-1))], so retries of many
 * failed jobs spread out instead of returning together. A server's Retry-After is a floor.
 */
export function retryDelayMs(
  attempt: number,
  options: { baseMs?: number; capMs?: number; floorMs?: number; random?: () => number } = {},
): number {
  const base = options.baseMs ?? 30_000;
  const cap = options.capMs ?? 6 * 3_600_000;
  const ceiling = Math.min(cap, base * 2 ** Math.max(0, attempt - 1));
  const jittered = (options.random ?? Math.random)() * ceiling;
  return Math.max(options.floorMs ?? 0, Math.max(base / 2, jittered));
}
