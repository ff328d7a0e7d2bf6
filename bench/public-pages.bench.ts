/**
 * Public reading under load (issue 23): an anonymous chapter page (server-rendered HTML, from
 * the cache) beside the API's cached chapter for a signed-in reader, same server, same chapter,
 * one run, autocannon in a second process, alternated twice (the better run of each kept). Target:
 * the public page within 1.5× of the API's rate.
 * Also the page's size, raw and gzipped.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openApp } from '#app';
import { startDemoSites } from '#demo';
import { addBook, readChapter, refreshToc, searchRanked } from '#library';
import { buildServer } from '../src/server/app.ts';
import { InstanceSettings } from '../src/server/instance-settings.ts';
import { serverDeps } from '../src/server/main.ts';
import { CONNECTIONS, SECONDS, listen, load, registerReader } from './http-load.ts';
import type { LoadResult } from './http-load.ts';

export async function run(): Promise<boolean> {
  const dataDir = await mkdtemp(join(tmpdir(), 'linhai-bench-public-'));
  const cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
  const app = await openApp({ dataDir, allowHosts: ['127.0.0.1'] });
  try {
    await app.catalog.import(JSON.stringify(cluster.sites.map((s) => s.source)));
    const title = cluster.sites[0]!.books()[0]!.title;
    const group = (await searchRanked(app.library, title)).find((g) => g.title === title);
    if (group === undefined) throw new Error(`the demo search did not find ${title}`);
    const { book } = await addBook(app.library, group);
    const { chapters } = await refreshToc(app.library, book.id);
    const chapter = chapters[0]!;
    await readChapter(app.library, { bookId: book.id, chapterKey: chapter.key });
    const deps = serverDeps(app, dataDir);
    await new InstanceSettings(dataDir, deps.documents).setPublicReading({
      enabled: true,
      sources: [String(cluster.sites[0]!.source.bookSourceUrl)],
    });
    // No page limit here: the load comes from one address on purpose.
    const unlimited = { max: 1e9, windowMs: 60_000 };
    const server = await buildServer(deps, {
      version: 'bench',
      visitorLimits: { perMinute: unlimited, perHour: unlimited },
    });
    const base = await listen(server);
    try {
      const cookie = await registerReader(base);
      const apiUrl = `${base}/api/books/${book.id}/chapters/${encodeURIComponent(chapter.key)}`;
      const pageUrl = `${base}/book/${book.id}/${chapter.ordinal + 1}`;
      const page = await fetch(pageUrl);
      const html = await page.text();
      if (page.status !== 200) throw new Error(`public page: ${page.status} ${html.slice(0, 200)}`);
      if (!(await fetch(apiUrl, { headers: { cookie } })).ok) throw new Error('API read failed');

      // Alternated twice, the better run of each kept: the machine's other work comes and goes.
      const best = (a: LoadResult, b: LoadResult) => (a.rps >= b.rps ? a : b);
      let api = await load(apiUrl, { cookie });
      let anonymous = await load(pageUrl, {});
      api = best(api, await load(apiUrl, { cookie }));
      anonymous = best(anonymous, await load(pageUrl, {}));
      const row = (name: string, r: LoadResult) =>
        `${name.padEnd(30)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${String(r.non2xx + r.errors).padStart(7)} ${r.cpuUsPerRequest.toFixed(0).padStart(12)}`;
      console.log(`${CONNECTIONS} connections, ${SECONDS} s, autocannon in a second process`);
      console.log(
        `${'what'.padEnd(30)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'failed'.padStart(7)} ${'CPU µs/req'.padStart(12)}`,
      );
      console.log(row('cached chapter via the API', api));
      console.log(row('anonymous chapter page (HTML)', anonymous));
      const bytes = Buffer.byteLength(html);
      console.log(
        `chapter page: ${bytes} bytes of HTML, ${gzipSync(html).byteLength} gzipped (no scripts, one inline stylesheet)`,
      );
      const ratio = api.rps / anonymous.rps;
      console.log(
        `public page: ${ratio.toFixed(2)}x the API's time per request; server CPU ${(anonymous.cpuUsPerRequest / api.cpuUsPerRequest).toFixed(2)}x`,
      );
      const met = ratio <= 1.5 && anonymous.non2xx + anonymous.errors === 0;
      console.log(`target (within 1.5x of the API's cached chapter): ${met ? 'met' : 'MISSED'}`);
      return met;
    } finally {
      await server.close();
    }
  } finally {
    await app.close();
    await cluster.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
