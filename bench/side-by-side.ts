// Timing helpers shared by the benches that compare rows measured side by side in one run.
import { readFileSync } from 'node:fs';

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

/** The first and third quartiles: printed beside a median so a reader sees how much the rounds
 *  disagreed (a difference smaller than this spread is not a finding). */
export function quartiles(xs: number[]): [number, number] {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return [at(0.25), at(0.75)];
}

/** `median [q1–q3]` with the given number of decimals. */
export function spread(xs: number[], digits: number): string {
  const [q1, q3] = quartiles(xs);
  return `${median(xs).toFixed(digits)} [${q1.toFixed(digits)}–${q3.toFixed(digits)}]`;
}

/**
 * CPU time of the main thread only, in ms, or undefined where it cannot be read. process.cpuUsage
 * counts every thread, so V8's concurrent and parallel GC work caused by one row's garbage can be
 * charged to the row timed after it; Node 20 has no process.threadCpuUsage (added in 23.9 and
 * 22.15), but Linux keeps each thread's run time in nanoseconds in /proc/<pid>/task/<tid>/schedstat
 * (first field), and the main thread's tid is the pid. Reading it costs ~15 µs.
 */
export function mainThreadMs(): number | undefined {
  try {
    const text = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8');
    return Number(text.split(' ')[0]) / 1e6;
  } catch {
    return undefined;
  }
}

/** Process CPU (all threads) and main-thread CPU (NaN where unreadable) of one call, in ms. The
 *  process clock's window excludes the schedstat reads; the main-thread window includes ~15 µs of
 *  them, the same for every call (it cancels in a difference, not in a ratio to a short call). */
export async function cpuAndThreadTime(
  fn: () => unknown,
): Promise<{ cpu: number; thread: number }> {
  const thread = mainThreadMs() ?? NaN;
  const started = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(started);
  return { cpu: (used.user + used.system) / 1000, thread: (mainThreadMs() ?? NaN) - thread };
}
