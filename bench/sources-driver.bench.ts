/**
 * The per-source driver over every demo template: the whole search → info → TOC → first chapter
 * flow, against the same requests fetched raw (no rules), side by side in one run. The ratio is
 * what parsing, rule evaluation, URL templates and pagination bookkeeping cost on top of the
 * network. The demo books' TOCs hold about 3,000 chapters, so the TOC stage dominates.
 * Target: a whole flow under 1 s per template.
 */
import { startDemoSites } from '#demo';
import { createHttpClient } from '#net';
import type { FetchRequest, Fetcher } from '#net';
import { createSourceDriver, importSources } from '#sources';

const rounds = 5;

async function flow(
  fetcher: Fetcher,
  source: ReturnType<typeof importSources>['sources'][number],
  key: string,
): Promise<void> {
  const driver = createSourceDriver({ source, fetcher });
  const [hit] = (await driver.search(key)).filter((r) => r.name === key);
  if (!hit) throw new Error(`${source.bookSourceName}: ${key} not found`);
  const info = await driver.bookInfo(hit);
  const chapters = await driver.toc(info);
  const first = chapters.find((c) => !c.isVolume);
  if (!first) throw new Error('empty TOC');
  await driver.content(first, { book: info, nextChapterUrl: chapters[first.index + 1]?.url ?? '' });
}

export async function run(): Promise<boolean> {
  const cluster = await startDemoSites();
  const client = createHttpClient({
    allowHosts: ['127.0.0.1'],
    robots: false,
    politeness: { minIntervalMs: 0, concurrency: 8 },
    retry: { retries: 0 },
  });
  let ok = true;
  try {
    console.log(`mean of ${rounds} flows per template (search → info → TOC → first chapter)`);
    console.log('| template | requests | raw fetch ms | driver ms | × raw |');
    console.log('|---|---:|---:|---:|---:|');
    for (const site of cluster.sites) {
      const [source] = importSources(JSON.stringify(site.source)).sources;
      const key = site.books()[0]?.title ?? '';
      if (!source) continue;
      // Record the requests of one flow, then time replaying them raw vs the full driver.
      const requests: FetchRequest[] = [];
      await flow({ fetch: (r) => (requests.push(r), client.fetch(r)) }, source, key);
      let raw = 0;
      let driver = 0;
      for (let i = 0; i < rounds; i++) {
        let start = performance.now();
        for (const r of requests) await client.fetch(r);
        raw += performance.now() - start;
        start = performance.now();
        await flow(client, source, key);
        driver += performance.now() - start;
      }
      const ratio = driver / raw;
      if (driver / rounds >= 1000) ok = false;
      console.log(
        `| ${site.template} | ${requests.length} | ${(raw / rounds).toFixed(1)} | ${(driver / rounds).toFixed(1)} | ${ratio.toFixed(2)} |`,
      );
    }
  } finally {
    await client.close();
    await cluster.close();
  }
  console.log(ok ? 'target met' : 'target missed: a flow took 1 s or more');
  return ok;
}
