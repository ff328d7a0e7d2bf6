// Chapter alignment speed: merging two 5,000-chapter TOCs (from scratch: both are parsed and
// aligned) must take under 100 ms. Cases side by side: numbering styles only, realistic faults,
// untitled chapters (numbers are the only anchors), a re-poll of a known listing, and sizes.
import { availableParallelism, loadavg } from 'node:os';
import { alignAll, alignTocs } from '../src/library/align/index.ts';
import type { IncomingToc } from '../src/library/align/index.ts';
import { makeBook, renderToc } from '../src/library/align/synthetic-toc.ts';
import type { NumberStyle, Perturbation } from '../src/library/align/synthetic-toc.ts';

const TARGET_MS = 100;
const RUNS = 9;

const faults: Perturbation = {
  deleteRate: 0.01,
  insertRate: 0.005,
  renameRate: 0.01,
  duplicateRate: 0.005,
  latestBlock: 9,
};

interface Case {
  readonly name: string;
  readonly sizes: string;
  readonly work: () => unknown;
  readonly gated: boolean;
}

function pairCase(
  name: string,
  size: number,
  styleB: NumberStyle,
  p: Perturbation,
  gated: boolean,
): Case {
  const book = makeBook(size, size);
  const a = renderToc(book, 'a.test', 'chinese', 1);
  const b = renderToc(book, 'b.test', styleB, 2, p);
  const listings: IncomingToc[] = [
    { listingId: 'A', entries: a.entries, seenAt: 1 },
    { listingId: 'B', entries: b.entries, seenAt: 2 },
  ];
  return {
    name,
    sizes: `${a.entries.length} + ${b.entries.length}`,
    work: () => alignAll(listings),
    gated,
  };
}

function repollCase(size: number): Case {
  const book = makeBook(size + 10, 7);
  const before = renderToc(book.slice(0, size), 'a.test', 'arabic', 1);
  const after = renderToc(book, 'a.test', 'arabic', 1);
  const { chapters } = alignAll([{ listingId: 'A', entries: before.entries, seenAt: 1 }]);
  return {
    name: 're-poll of a known listing, 10 new chapters',
    sizes: `${chapters.length} canonical + ${after.entries.length}`,
    work: () => alignTocs(chapters, { listingId: 'A', entries: after.entries, seenAt: 2 }),
    gated: false,
  };
}

function measure(work: () => unknown): { cold: number; best: number; median: number; cpu: number } {
  const t0 = performance.now();
  work();
  const cold = performance.now() - t0;
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    work();
    times.push(performance.now() - t);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return { cold, best: Math.min(...times), median: median(times), cpu: median(cpus) };
}

/**
 * A fixed integer loop timed the same way, so the figures can be read on a busy machine: the
 * "× ref" column is the case's best time over the loop's best time (the loop takes about 10 ms
 * on one idle modern core).
 */
function referenceLoop(): number {
  let x = 0;
  const { best } = measure(() => {
    for (let i = 0; i < 1e7; i++) x = (x + (i % 7)) | 0;
  });
  if (x === 42) console.log(''); // keeps the loop from being optimised away
  return best;
}

export async function run(): Promise<boolean> {
  const cases: Case[] = [
    pairCase(
      '5,000 × 5,000, numbering styles differ (第一百章 / 第100章)',
      5000,
      'arabic',
      {},
      true,
    ),
    pairCase(
      '5,000 × 5,000, styles differ + faults (missing, extra, renamed, duplicated)',
      5000,
      'dot',
      faults,
      true,
    ),
    pairCase(
      '5,000 × 5,000, untitled chapters on one side (第100章 only)',
      5000,
      'bare',
      faults,
      true,
    ),
    pairCase('1,000 × 1,000, styles differ + faults', 1000, 'arabic', faults, false),
    pairCase('20,000 × 20,000, styles differ + faults', 20000, 'arabic', faults, false),
    repollCase(5000),
  ];
  const rows = cases.map((c) => ({ ...c, ...measure(c.work) }));
  const ref = referenceLoop();
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(
    `${pad('case', 78)} ${pad('TOC sizes', 18)} ${pad('first ms', 9)} ${pad('best ms', 8)} ${pad('median ms', 10)} ${pad('cpu ms', 7)} × ref`,
  );
  for (const r of rows) {
    console.log(
      `${pad(r.name, 78)} ${pad(r.sizes, 18)} ${pad(r.cold.toFixed(1), 9)} ${pad(r.best.toFixed(1), 8)} ${pad(r.median.toFixed(1), 10)} ${pad(r.cpu.toFixed(1), 7)} ${(r.best / ref).toFixed(2)}`,
    );
  }
  // Gated on the process's own CPU time (median): on a shared, oversubscribed machine wall time
  // measures the neighbours too; on an idle machine the two agree. `first ms` includes building
  // the opencc tables and JIT warm-up.
  const missed = rows.filter((r) => r.gated && r.cpu >= TARGET_MS);
  const load = loadavg().map((l) => l.toFixed(1));
  console.log(
    `reference loop (1e7 integer steps): ${ref.toFixed(1)} ms best; load average ${load.join(' ')} on ${availableParallelism()} cores`,
  );
  console.log(
    missed.length === 0
      ? `target met: every 5,000 × 5,000 case under ${TARGET_MS} ms (CPU time, median of ${RUNS} after one warm-up run)`
      : `target missed (${TARGET_MS} ms): ${missed.map((r) => r.name).join('; ')}`,
  );
  return missed.length === 0;
}
