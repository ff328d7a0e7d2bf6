// Time to the first explore card, cold and warm: the library's Explorer over the real network
// client (robots.txt, per-host budgets) and the four demo sites, as the server's Discover routes
// and the home use it. Cold = a fresh app (no robots.txt, no cached entries or pages: the source's
// entries, its @js: when it has one, then the list page); warm = the same call again (the cache).
// Two site speeds: the demo sites as fast as they are, and each request delayed 200 ms (a real
// site's order of magnitude). No target: the figures are printed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApp } from '../src/app/index.ts';
import { startDemoSites } from '../src/demo/index.ts';
import type { DemoCluster } from '../src/demo/index.ts';
import { Explorer } from '../src/library/index.ts';

const COLD_RUNS = 5;
const WARM_RUNS = 50;

type Call = (explorer: Explorer, cluster: DemoCluster) => Promise<number>;

/** The biquge site's 全部小说 list, page 1: what the Discover tab shows after a tap. */
const oneList: Call = async (explorer, cluster) => {
  const origin = cluster.site('biquge').origin;
  const [explored] = await explorer.entries({ only: origin });
  if (!explored || !('entries' in explored)) throw new Error('no entries');
  const entry = explored.entries.find((e) => e.title === '全部小说');
  return (await explorer.page(origin, entry!.url, 1)).cards.length;
};

/** The ranking merged across the four sites: what a fresh instance's home shows. */
const mergedRanking: Call = async (explorer) => (await explorer.section('ranking')).cards.length;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;

async function measure(cluster: DemoCluster, call: Call) {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let run = 0; run < COLD_RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'linhai-bench-explore-'));
    const app = await openApp({
      dataDir: dir,
      allowHosts: ['127.0.0.1'],
      seedBuiltInSources: false,
    });
    try {
      await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
      const explorer = new Explorer(app.library);
      let t = performance.now();
      if ((await call(explorer, cluster)) === 0) throw new Error('no card');
      cold.push(performance.now() - t);
      if (run === 0) {
        for (let i = 0; i < WARM_RUNS; i++) {
          t = performance.now();
          await call(explorer, cluster);
          warm.push(performance.now() - t);
        }
      }
    } finally {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { cold, warm };
}

export async function run(): Promise<void> {
  const cluster = await startDemoSites();
  try {
    console.log('time to the first explore card (median / p90 / max)');
    for (const delay of [0, 200]) {
      for (const site of cluster.sites)
        site.setFaults(delay ? [{ kind: 'latency', ms: delay }] : []);
      for (const [name, call] of [
        ['one list (biquge 全部小说, page 1)', oneList],
        ['merged ranking (4 sources)', mergedRanking],
      ] as const) {
        const { cold, warm } = await measure(cluster, call);
        const line = (label: string, v: number[]) =>
          `${label} ${fmt(quantile(v, 0.5))} / ${fmt(quantile(v, 0.9))} / ${fmt(Math.max(...v))} (n=${v.length})`;
        console.log(
          `sites +${delay} ms · ${name}\n  ${line('cold', cold)}\n  ${line('warm', warm)}`,
        );
      }
    }
  } finally {
    await cluster.close();
  }
}
