/**
 * driver-pace on material we did not make: the real saved TOC pages of ../shared/data/real-pages
 * (biquge.info, 687 chapters; shuquge, 1,878 links) with the real community sources that read
 * them exactly (test/real-pages/corpus.ts, the `exact` pairs). Each pair is timed as the demo TOC
 * is: htmlparser2's bare parse of the page (the floor), the `#rules` engine with the source's own
 * ruleToc, and the whole driver (made per call), interleaved, each call with an emptied young
 * generation. The page is served from memory: nothing leaves the machine.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import { createSourceDriver, importSources } from '#sources';
import type { BookSource } from '#sources';
import type { FetchResponse, Fetcher } from '#net';
import { pairs, sites } from '../test/real-pages/corpus.ts';
import { sharedData, sharedDataSkip } from '../test/support/outside-material.ts';
import { rulesToc } from './rules-toc.ts';
import { median, ownGarbageTime } from './side-by-side.ts';

export interface RealTocRow {
  readonly pair: string;
  readonly links: number;
  /** Per-round ratios' medians: [process CPU, main thread]. */
  readonly overFloor: readonly [number, number];
  readonly overRules: readonly [number, number];
  readonly floorMs: number;
  readonly driverMs: number;
}

/** Why the real pages cannot be measured here, or false. */
export const realPagesSkip = sharedDataSkip('real-pages', 'booksources');

interface Case {
  readonly name: string;
  readonly source: BookSource;
  readonly url: string;
  readonly text: string;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const pair of pairs) {
    const site = sites.find((s) => s.name === pair.site);
    if (pair.expect.kind !== 'exact' || site?.sees.chapters === undefined) continue;
    const file = site.pages.find((p) => p.path === site.bookPath)?.file;
    const collection = readFileSync(sharedData(`booksources/${pair.collection}`), 'utf8');
    const source = importSources(collection).sources.find((s) => s.bookSourceName === pair.source);
    if (file === undefined || source === undefined) continue;
    out.push({
      name: `${pair.source} on ${site.name}`,
      source,
      url: new URL(site.bookPath, `https://www.${site.domain}/`).href,
      text: readFileSync(sharedData(file), 'utf8'),
    });
  }
  return out;
}

/** Serves the saved page at its URL; any other URL (a next TOC page) is not in the corpus. */
function pageFetcher(url: string, text: string): Fetcher {
  const body = Buffer.from(text);
  const response: FetchResponse = {
    url,
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    body,
    text,
    charset: 'utf-8',
    notModified: false,
    elapsedMs: 0,
  };
  return {
    fetch: (request) =>
      request.url === url
        ? Promise.resolve(response)
        : Promise.reject(new Error(`not in the corpus: ${request.url}`)),
  };
}

export async function realTocRows(rounds: number): Promise<RealTocRow[]> {
  const rows: RealTocRow[] = [];
  for (const c of cases()) {
    const fetcher = pageFetcher(c.url, c.text);
    const driverToc = () =>
      createSourceDriver({ source: c.source, fetcher }).toc({
        bookUrl: c.url,
        name: '',
        author: '',
      });
    const links = (await driverToc()).length;
    const steps = [
      () => parseDocument(c.text),
      () => rulesToc(c.text, c.url, c.source.ruleToc),
      driverToc,
    ];
    const times = steps.map(() => ({ cpu: [] as number[], thread: [] as number[] }));
    for (let r = 0; r < rounds + 3; r++) {
      for (const [i, step] of steps.entries()) {
        const t = await ownGarbageTime(step);
        if (r < 3) continue;
        times[i]?.cpu.push(t.cpu);
        times[i]?.thread.push(t.thread);
      }
    }
    const [floor, rules, driver] = times as [
      (typeof times)[0],
      (typeof times)[0],
      (typeof times)[0],
    ];
    const ratio = (a: number[], b: number[]) => median(a.map((x, k) => x / (b[k] ?? NaN)));
    rows.push({
      pair: c.name,
      links,
      overFloor: [ratio(driver.cpu, floor.cpu), ratio(driver.thread, floor.thread)],
      overRules: [ratio(driver.cpu, rules.cpu), ratio(driver.thread, rules.thread)],
      floorMs: median(floor.cpu),
      driverMs: median(driver.cpu),
    });
  }
  return rows;
}
