/**
 * How fast the demo sites answer, so benchmarks of the crawler (net, chase, scale-out) know the
 * sites are not their bottleneck: chapter pages per second on each template with 16 requests in
 * flight (client and sites share this process, so that figure includes the client's own cost),
 * the sites' own service time per chapter page (from their request logs), and the time to serve a
 * 3,200-chapter TOC (biquge, GBK) and one page of the paged site's TOC.
 * Target: chapter pages served in ≤ 2 ms (p50, site side) and the big TOC in ≤ 100 ms (p50).
 */
import { Agent, request } from 'undici';
import { catalogue, startDemoSites } from '#demo';
import type { DemoSite } from '#demo';

const agent = new Agent({ connections: 32 });

async function get(url: string): Promise<number> {
  const response = await request(url, { dispatcher: agent });
  await response.body.arrayBuffer();
  return response.statusCode;
}

async function chapterRate(
  site: DemoSite,
  seconds: number,
): Promise<{ rate: number; p50: number; p95: number }> {
  const book = site.books().find((b) => b.chapterCount >= 300) ?? site.books()[0]!;
  const toc = site.toc(book.id).filter((e) => e.kind === 'chapter');
  const deadline = performance.now() + seconds * 1000;
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const entry = toc[next++ % toc.length]!;
      const status = await get(site.chapterUrl(book.id, entry.chapterIndex!));
      if (status !== 200) throw new Error(`status ${status}`);
      done++;
    }
  };
  site.clearRequests();
  const started = performance.now();
  await Promise.all(Array.from({ length: 16 }, worker));
  const rate = done / ((performance.now() - started) / 1000);
  const service = site.requests.map((r) => r.endedAt! - r.startedAt).sort((a, b) => a - b);
  const at = (q: number) => service[Math.min(service.length - 1, Math.floor(service.length * q))]!;
  return { rate, p50: at(0.5), p95: at(0.95) };
}

async function p50(url: string, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await get(url);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function run(): Promise<boolean> {
  const cluster = await startDemoSites();
  let ok = true;
  try {
    console.log('template   pages/s (16 in flight)   site p50 ms   site p95 ms');
    for (const site of cluster.sites) {
      const { rate, p50: median, p95 } = await chapterRate(site, 2);
      if (median > 2) ok = false;
      console.log(
        `${site.template.padEnd(10)} ${rate.toFixed(0).padStart(8)}               ${median.toFixed(2).padStart(6)}        ${p95.toFixed(2).padStart(6)}`,
      );
    }
    const big = catalogue.books().find((b) => b.chapterCount >= 3000)!;
    const biquge = cluster.site('biquge');
    const paged = cluster.site('paged');
    const bigToc = await p50(biquge.tocUrl(big.id), 20);
    const pagedToc = await p50(paged.tocUrl(big.id), 20);
    console.log(
      `biquge TOC of ${biquge.toc(big.id).length} entries (GBK): p50 ${bigToc.toFixed(1)} ms`,
    );
    console.log(
      `paged TOC page (100 of ${paged.toc(big.id).length}): p50 ${pagedToc.toFixed(1)} ms`,
    );
    if (bigToc > 100) ok = false;
    console.log(ok ? 'target met' : 'target missed');
  } finally {
    await cluster.close();
    await agent.close();
  }
  return ok;
}
