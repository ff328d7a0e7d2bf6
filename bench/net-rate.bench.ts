/**
 * Does a budget of N requests per second deliver N? For each N, 8 callers fetch chapter pages
 * from one demo site through one client whose per-host budget is `minIntervalMs = 1000 / N`
 * (concurrency 8); the achieved rate is read from the site's own request log (first to last
 * start). Target: within 5% of N for every N.
 */
import { startDemoSites } from '#demo';
import { createHttpClient } from '#net';

const budgets = [
  { perSecond: 10, requests: 40 },
  { perSecond: 25, requests: 100 },
  { perSecond: 50, requests: 150 },
  { perSecond: 100, requests: 200 },
];

export async function run(): Promise<boolean> {
  const cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
  const site = cluster.site('biquge');
  const book = site.books().find((b) => site.toc(b.id).length >= 200) ?? site.books()[0]!;
  const toc = site.toc(book.id).filter((e) => e.kind === 'chapter');
  const rows: Record<string, string>[] = [];
  let met = true;
  try {
    for (const { perSecond, requests } of budgets) {
      const client = createHttpClient({
        allowHosts: ['127.0.0.1'],
        env: {},
        politeness: { concurrency: 8, minIntervalMs: 1000 / perSecond },
      });
      site.clearRequests();
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < requests) {
            const entry = toc[next++ % toc.length]!;
            await client.fetch({
              url: site.chapterUrl(book.id, entry.chapterIndex!),
              kind: 'content',
            });
          }
        }),
      );
      await client.close();
      const starts = site.requests
        .filter((r) => r.path !== '/robots.txt')
        .map((r) => r.startedAt)
        .sort((a, b) => a - b);
      const achieved = (starts.length - 1) / ((starts[starts.length - 1]! - starts[0]!) / 1000);
      const error = achieved / perSecond - 1;
      const ok = Math.abs(error) <= 0.05;
      met &&= ok;
      rows.push({
        'budget req/s': String(perSecond),
        requests: String(starts.length),
        'achieved req/s': achieved.toFixed(2),
        'achieved / budget': `${(100 * (1 + error)).toFixed(1)}%`,
        'peak in flight': String(site.peakConcurrency()),
        target: ok ? 'met (±5%)' : 'MISSED',
      });
    }
  } finally {
    await cluster.close();
  }
  console.table(rows);
  console.log(
    `rate ratio achieved / budget within ±5% for every budget: ${met ? 'MET' : 'MISSED'}`,
  );
  return met;
}
