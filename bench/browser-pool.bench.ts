/**
 * The browser tier's cost beside plain fetching (issue 21), in one run over the same local pages
 * (the `scripted` browser demo site, whose chapter pages fill their text in by script):
 * pages per second rendered through the pool (2 and 4 pages at once) against plain fetches of the
 * same URLs, and the resident memory of the Chromium processes while they work.
 * `npm run bench -- browser-pool`. Skips with one line when no Chromium is found.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { startBrowserDemoSite } from '#demo';
import { createBrowserPool, createHttpClient, findChromium } from '#net';

const pagesPerRun = 40;

/** Resident set size (MiB) of every Chromium process below this one, from /proc. */
function chromiumRssMiB(): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  const names = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      names.set(pid, stat.slice(stat.indexOf('(') + 1, close));
      parent.set(pid, Number(stat.slice(close + 2).split(' ')[1]));
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      rss.set(pid, Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {
      // The process ended while we read.
    }
  }
  const below = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p))
      if (p === process.pid) return true;
    return false;
  };
  let kib = 0;
  for (const [pid, size] of rss) if (below(pid) && /chrom/i.test(names.get(pid) ?? '')) kib += size;
  return kib / 1024;
}

async function timed(n: number, concurrency: number, one: (i: number) => Promise<void>) {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await one(next++);
    }),
  );
  return n / ((performance.now() - started) / 1000);
}

export async function run(): Promise<boolean> {
  const found = findChromium();
  if ('off' in found) {
    console.log(`skipped: ${found.off}`);
    return true;
  }
  const site = await startBrowserDemoSite('scripted');
  const client = createHttpClient({
    allowHosts: ['127.0.0.1'],
    env: {},
    robots: false,
    politeness: { minIntervalMs: 0, concurrency: 16 },
  });
  const book = site.books[0];
  if (!book) throw new Error('the demo site carries no book');
  const url = (i: number) => `${site.origin}/chapter/${book.id}/${i % site.chapterCount}`;
  const source = { key: 'bench-browser' };
  const rows: string[] = [];
  let plainText = 0;
  const plain = await timed(pagesPerRun * 5, 4, async (i) => {
    plainText += (await client.fetch({ url: url(i), kind: 'content', source })).text.length;
  });
  rows.push(`| plain fetch (4 at once) | ${plain.toFixed(1)} | — | page without its text |`);
  for (const size of [2, 4]) {
    const pool = createBrowserPool({ client, executablePath: found.path, size });
    const script = `(() => { const c = document.querySelector('#content'); return c && c.children.length ? c.innerText : ''; })()`;
    let peak = 0;
    let filled = 0;
    // One untimed use starts Chromium.
    await pool.render({ url: url(0), kind: 'content', source, script });
    const rate = await timed(pagesPerRun, size, async (i) => {
      const r = await pool.render({ url: url(i), kind: 'content', source, script });
      if (r.text.length > 0) filled++;
      peak = Math.max(peak, chromiumRssMiB());
    });
    rows.push(
      `| browser pool, ${size} pages | ${rate.toFixed(1)} | ${peak.toFixed(0)} | text rendered in ${filled}/${pagesPerRun} |`,
    );
    await pool.close();
  }
  console.log(`${pagesPerRun} chapter pages per pool run (${pagesPerRun * 5} plain), one machine:`);
  console.log('| how | pages/s | Chromium RSS, peak MiB | result |');
  console.log('|---|---:|---:|---|');
  for (const row of rows) console.log(row);
  console.log(`(plain fetches read ${plainText} characters: the pages' empty shells)`);
  await client.close();
  await site.close();
  return true;
}
