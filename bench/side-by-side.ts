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
  // The kernel brings the calling thread's run time up to date when the process's CPU time is
  // read, not when schedstat is: read without it first, the start lagged by up to a scheduler
  // tick (or by a GC just run), and a 0.16 ms call measured 0.33 ms on the main thread.
  process.cpuUsage();
  const thread = mainThreadMs() ?? NaN;
  const started = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(started);
  return { cpu: (used.user + used.system) / 1000, thread: (mainThreadMs() ?? NaN) - thread };
}

const gc = (globalThis as { gc?: (options?: { type: 'minor' | 'major' }) => void }).gc;

/**
 * Process and main-thread CPU of one call made with V8's young generation emptied first (a
 * scavenge, with `--expose-gc`, which `npm run bench` passes): the call then pays for collecting
 * its own garbage, not the garbage of the row timed before it. Without it, on a 3,000-link TOC the
 * same parse measured 10 ms in one row and 14 ms in the next, and quartiles spanned 2×; with it
 * they are within ~10%. A full GC is not used: it made the next call slower (see driver-pace).
 */
export async function ownGarbageTime(fn: () => unknown): Promise<{ cpu: number; thread: number }> {
  emptyYoungGeneration();
  return cpuAndThreadTime(fn);
}

/** A scavenge now, when the bench runs with --expose-gc; the next call starts with an empty
 *  young generation (and colder caches: a 0.1 ms sandbox call costs ~20 µs more right after). */
export function emptyYoungGeneration(): void {
  gc?.({ type: 'minor' });
}

/** Whether the young generation can be emptied (the bench runs with --expose-gc). */
export const canEmptyYoungGeneration = gc !== undefined;
