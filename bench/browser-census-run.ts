/**
 * The dynamic half of the browser census (issue 21): real sources of ../shared/data/booksources/
 * run through the driver and the browser pool, search → book page → chapter list → first chapter,
 * over a local demo site that reproduces their site's pages. Each source is rebased: its own origin
 * in every rule and URL becomes the demo site's. Only one demo template reproduces a real family
 * today (`mobile-clone`, the m.bqg… 笔趣阁 clones); a source whose pages it does not reproduce stops
 * at the first step whose rules find nothing, and the table says which.
 */
import { startBrowserDemoSite } from '#demo';
import { catalogue } from '#demo';
import { createBrowserPool, createHttpClient, findChromium } from '#net';
import { createSandbox } from '#rules';
import { createSourceDriver } from '#sources';
import type { BookSource } from '#sources';

export interface RunOutcome {
  readonly name: string;
  /** The last step that worked: none, search, info, toc, or content (the whole way). */
  readonly reached: 'none' | 'search' | 'info' | 'toc' | 'content';
  readonly error?: string;
}

function rebase(source: BookSource, origin: string): BookSource {
  const own = new URL(source.bookSourceUrl).origin;
  return JSON.parse(JSON.stringify(source).split(own).join(origin)) as BookSource;
}

/** Runs each source over the `mobile-clone` demo site; undefined (with why) without Chromium. */
export async function runOverDemoSites(
  sources: readonly BookSource[],
): Promise<RunOutcome[] | string> {
  const chromium = findChromium();
  if ('off' in chromium) return `dynamic run skipped: ${chromium.off}`;
  const site = await startBrowserDemoSite('mobile-clone');
  const client = createHttpClient({
    allowHosts: ['127.0.0.1'],
    env: {},
    politeness: { minIntervalMs: 0, concurrency: 8 },
    retry: { retries: 0 },
  });
  const pool = createBrowserPool({ client, executablePath: chromium.path });
  const sandbox = await createSandbox();
  const book = site.books[0]!;
  const first = catalogue.chapter(book.id, 0).paragraphs[0]!.trim().slice(0, 20);
  const outcomes: RunOutcome[] = [];
  try {
    for (const source of sources) {
      let reached: RunOutcome['reached'] = 'none';
      try {
        const rebased = rebase(source, site.origin);
        const driver = createSourceDriver({
          source: rebased,
          fetcher: client,
          sandbox: sandbox.forSource(rebased.bookSourceUrl),
          browser: pool,
          signal: AbortSignal.timeout(90_000),
        });
        const hit = (await driver.search(book.title)).find((b) => b.name === book.title);
        if (!hit) throw new Error(`search found no "${book.title}"`);
        reached = 'search';
        const info = await driver.bookInfo(hit);
        if (info.name !== book.title) throw new Error(`book page named "${info.name}"`);
        reached = 'info';
        const toc = (await driver.toc(info)).filter((c) => !c.isVolume);
        if (toc.length !== site.chapterCount)
          throw new Error(`${toc.length} chapters, not ${site.chapterCount}`);
        reached = 'toc';
        const { text } = await driver.content(toc[0]!, {
          book: info,
          nextChapterUrl: toc[1]?.url ?? '',
        });
        if (!text.includes(first)) throw new Error('the chapter text is not the first chapter');
        reached = 'content';
        outcomes.push({ name: source.bookSourceName, reached });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        outcomes.push({ name: source.bookSourceName, reached, error: message.slice(0, 160) });
      }
    }
  } finally {
    await pool.close();
    sandbox.dispose();
    await client.close();
    await site.close();
  }
  return outcomes;
}
