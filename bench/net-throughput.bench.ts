/**
 * The network layer's overhead: 2,000 small pages (biquge chapter pages, about 9 KB of GBK) from
 * one demo site, 16 in flight, fetched by bare undici (`Agent` + `request`, body read and decoded
 * with TextDecoder('gb18030')) and by Linhai's client with the politeness budget wide open (guard,
 * robots.txt, budget, breaker, cookies, charset sniffing, health all on), side by side in one run.
 * The machine is shared, so the 2,000 pages go in 8 interleaved batches of 250 (alternating which
 * client goes first) and the summed times are compared. Target: Linhai ≥ 80% of bare undici.
 */
import { Agent, request } from 'undici';
import { startDemoSites } from '#demo';
import type { DemoSite } from '#demo';
import { createHttpClient } from '#net';

const pages = 2000;
const inFlight = 16;

function urls(site: DemoSite): string[] {
  const book = site.books().find((b) => site.toc(b.id).length >= 200) ?? site.books()[0]!;
  const toc = site.toc(book.id).filter((e) => e.kind === 'chapter');
  return Array.from({ length: pages }, (_, i) =>
    site.chapterUrl(book.id, toc[i % toc.length]!.chapterIndex!),
  );
}

async function timed(list: string[], get: (url: string) => Promise<number>): Promise<number> {
  let next = 0;
  let chars = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < list.length) chars += await get(list[next++]!);
    }),
  );
  if (chars === 0) throw new Error('no text fetched');
  return list.length / ((performance.now() - started) / 1000);
}

export async function run(): Promise<boolean> {
  const cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
  const site = cluster.site('biquge');
  const list = urls(site);
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const decoder = new TextDecoder('gb18030');
  const bare = async (url: string) => {
    const res = await request(url, { dispatcher: agent });
    const text = decoder.decode(new Uint8Array(await res.body.arrayBuffer()));
    if (res.statusCode !== 200) throw new Error(`status ${res.statusCode}`);
    return text.length;
  };
  const client = createHttpClient({
    allowHosts: ['127.0.0.1'],
    env: {},
    politeness: { concurrency: 1000, minIntervalMs: 0 },
  });
  const source = { key: site.origin };
  const linhai = async (url: string) =>
    (await client.fetch({ url, kind: 'content', source })).text.length;
  try {
    for (let i = 0; i < 2; i++) {
      await timed(list.slice(0, 500), bare); // warm-up: connections, JIT
      await timed(list.slice(0, 500), linhai);
    }
    const batch = 250;
    const seconds = { bare: 0, linhai: 0 };
    const rows: { batch: number; 'bare undici req/s': string; 'Linhai req/s': string }[] = [];
    for (let b = 0; b < pages / batch; b++) {
      const slice = list.slice(b * batch, (b + 1) * batch);
      const order = b % 2 === 0 ? (['bare', 'linhai'] as const) : (['linhai', 'bare'] as const);
      const rate = { bare: 0, linhai: 0 };
      for (const who of order) {
        rate[who] = await timed(slice, who === 'bare' ? bare : linhai);
        seconds[who] += batch / rate[who];
      }
      rows.push({
        batch: b + 1,
        'bare undici req/s': rate.bare.toFixed(0),
        'Linhai req/s': rate.linhai.toFixed(0),
      });
    }
    console.table(rows);
    const ratio = seconds.bare / seconds.linhai;
    console.log(
      `throughput ratio Linhai / bare undici = ${(ratio * 100).toFixed(1)}% over ${pages} pages each (${(pages / seconds.linhai).toFixed(0)} / ${(pages / seconds.bare).toFixed(0)} req/s; target ≥ 80%) ${ratio >= 0.8 ? 'MET' : 'MISSED'}`,
    );
    return ratio >= 0.8;
  } finally {
    await client.close();
    await agent.close();
    await cluster.close();
  }
}
