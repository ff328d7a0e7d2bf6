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

/**
 * CPU time of this process for one call, in ms (user + system): on a shared, loaded machine wall
 * time mostly measures the other processes; CPU time measures the work.
 */
export async function cpuTime(fn: () => unknown): Promise<number> {
  const started = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(started);
  return (used.user + used.system) / 1000;
}
