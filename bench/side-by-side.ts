// Timing helpers shared by the benches that compare rows measured side by side in one run.

/** Wall time of one (possibly async) call, in ms. */
export async function time(fn: () => unknown): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

/** The median of the rounds: one disturbed round (the machine is shared) does not move it. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}
