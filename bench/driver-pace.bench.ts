/**
 * Issue 18: the driver at the engine's pace, scripts at native cost. One run, side by side, on the
 * demo biquge site's 3,000-chapter TOC page (fetched once, then served from memory so only parsing
 * and rules are timed):
 * - the TOC table: htmlparser2's bare parse (the floor), parse5 with the stock htmlparser2 tree
 *   adapter and with Linhai's leaner one (Linhai's parser), the `#rules` engine alone (plain rules
 *   without an await, as the driver calls it), the whole Linhai driver (`driver.toc`); cheerio
 *   and @any-reader/core only when already installed (no heavy dependency is added for a row);
 * - one `@js:` rule per chapter in the driver against the same script in a bare sandbox call, the
 *   driver without the rule, with it and the bare call interleaved chapter by chapter so each runs
 *   after a page was parsed, as in real use; the bare call is also shown as 100 calls in a row
 *   (warm caches: how it was measured until issue 18's third session, and a lower floor).
 * How noisy the machine is shows in the output: each figure is a median with its quartiles. The
 * rule's cost is paired (with the rule minus without it in the same round, then the median of the
 * rounds), since a difference of two medians of ~1 ms sums moved ±0.15 ms between runs; the old
 * estimator is printed beside it. Every timed call starts with V8's young generation emptied, so
 * it pays for its own garbage only, and is timed by two clocks: process CPU (every thread) and the
 * main thread alone; a target is met only when met on both. The driver is made per call, as the
 * app's gateway does (one kept across rounds reused its last page: every other TOC was not parsed).
 * The TOC is also measured on material we did not make (`driver-pace-real.ts`: real saved TOC
 * pages with the real community sources that read them exactly), when ../shared/data is there.
 * Targets: driver TOC ≤ 5× the floor and ≤ 1.5× `#rules` (the demo's and every real pair's);
 * `@js` ≤ 0.25 ms and ≤ 1.5× bare.
 */
import { createRequire } from 'node:module';
import { parse } from 'parse5';
import { adapter } from 'parse5-htmlparser2-tree-adapter';
import { parseDocument } from 'htmlparser2';
import { startDemoSites } from '#demo';
import {
  canEmptyYoungGeneration,
  cpuAndThreadTime,
  cpuTime,
  emptyYoungGeneration,
  median,
  ownGarbageTime,
  spread,
} from './side-by-side.ts';
import { createHttpClient } from '#net';
import type { FetchRequest, FetchResponse, Fetcher } from '#net';
import {
  createSandbox,
  createVariableStore,
  getString,
  parseContent,
  parseHtmlDocument,
} from '#rules';
import { createSourceDriver, importSources } from '#sources';
import { realPagesSkip, realTocRows } from './driver-pace-real.ts';
import { rulesToc } from './rules-toc.ts';
import type { BookSource, TocEntry } from '#sources';

const rounds = 40;
/** Rounds of the @js comparison (two more warm up). */
const jsRounds = 20;
const chapterCount = 100;
/** The first is judged against the targets (a light clean-up, the kind most content scripts are);
 *  the second shows a script whose own work (a regex over the chapter) dominates. */
const scripts = [
  'result.replace("请记住本书首发域名", "")',
  'result.replace(/<br\\s*\\/?>/g, "\\n")',
];

interface Pages {
  source: BookSource;
  bookUrl: string;
  chapters: TocEntry[];
  responses: Map<string, FetchResponse>;
}

/** The book page (its TOC) and the first chapters, fetched once through the real client. */
async function loadPages(): Promise<Pages> {
  const cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
  const client = createHttpClient({
    allowHosts: ['127.0.0.1'],
    robots: false,
    politeness: { minIntervalMs: 0, concurrency: 8 },
    retry: { retries: 0 },
  });
  try {
    cluster.clock.advance(20 * 365 * 24 * 3_600_000); // every chapter of book 1 published
    const site = cluster.site('biquge');
    const [source] = importSources(JSON.stringify(site.source)).sources;
    if (!source) throw new Error('no biquge source');
    const responses = new Map<string, FetchResponse>();
    const recorder: Fetcher = {
      fetch: async (r) => {
        const response = await client.fetch(r);
        responses.set(r.url, response);
        return response;
      },
    };
    const driver = createSourceDriver({ source, fetcher: recorder });
    const bookUrl = `${site.origin}/10_10001/`;
    const chapters = (await driver.toc({ bookUrl, name: '', author: '' })).filter(
      (c) => !c.isVolume,
    );
    for (const chapter of chapters.slice(0, chapterCount)) await driver.content(chapter);
    return { source, bookUrl, chapters: chapters.slice(0, chapterCount), responses };
  } finally {
    await client.close();
    await cluster.close();
  }
}

/** Serves the recorded responses: no socket, no politeness wait in the timings. */
function memoryFetcher(responses: Map<string, FetchResponse>): Fetcher {
  return {
    fetch: (r: FetchRequest) => {
      const response = responses.get(r.url);
      return response
        ? Promise.resolve(response)
        : Promise.reject(new Error(`not recorded: ${r.url}`));
    },
  };
}

/** A parse-and-select row from an installed library, or undefined when it is not installed. */
function optionalRow(name: string, html: string): (() => unknown) | undefined {
  const require = createRequire(import.meta.url);
  try {
    require.resolve(name);
  } catch {
    console.log(`(${name} is not installed: its row is left out)`);
    return undefined;
  }
  if (name === 'cheerio') {
    const cheerio = require(name) as {
      load(html: string): (s: string) => { each(f: (i: number, e: unknown) => void): void };
    };
    return () =>
      cheerio
        .load(html)('#list dd a')
        .each(() => undefined);
  }
  console.log(`(${name} is installed but has no adapter in this bench yet)`);
  return undefined;
}

export async function run(): Promise<boolean> {
  if (!canEmptyYoungGeneration)
    console.log(
      '(no --expose-gc: each row is timed with the garbage of the row before; use npm run bench)',
    );
  const pages = await loadPages();
  const { source, bookUrl, chapters, responses } = pages;
  const tocText = responses.get(bookUrl)?.text ?? '';
  const fetcher = memoryFetcher(responses);
  const sandbox = await createSandbox();
  const plainDriver = createSourceDriver({ source, fetcher, sandbox });
  const links = await rulesToc(tocText, bookUrl, source.ruleToc);

  const rows: [string, () => unknown][] = [
    ['htmlparser2 alone', () => parseDocument(tocText)],
    ['parse5 + stock adapter', () => parse(tocText, { treeAdapter: adapter })],
    // Linhai's parser: parse5 with a leaner element (no dictionary-mode attribute maps).
    ['parse5 + Linhai adapter', () => parseHtmlDocument(tocText)],
    ['Linhai #rules', () => rulesToc(tocText, bookUrl, source.ruleToc)],
  ];
  for (const name of ['cheerio', '@any-reader/core']) {
    const row = optionalRow(name, tocText);
    if (row) rows.push([name, row]);
  }
  // A driver per call, as the app's gateway makes one: a driver reuses a page it fetched in the
  // last minute (Legado's detail page as TOC page), so one kept across rounds parsed every other.
  rows.push([
    'Linhai driver',
    () => createSourceDriver({ source, fetcher, sandbox }).toc({ bookUrl, name: '', author: '' }),
  ]);
  // Two clocks on the same calls: process CPU (every thread) and the main thread's CPU alone.
  // Each call starts with the young generation emptied (ownGarbageTime), so it pays for its own
  // garbage and not for the previous row's (the floor runs right after the driver). Forcing a
  // full GC instead was tried and rejected: it made the next call itself slower (htmlparser2's
  // parse 6 → 17 ms on the main thread, even 300 ms after the GC), so it perturbs rather than
  // isolates; a scavenge does not.
  const methods = ['process CPU', 'main thread'] as const;
  const times = methods.map(() => rows.map(() => [] as number[]));
  const [cpu, thread] = times as [number[][], number[][]];
  for (let r = 0; r < rounds + 3; r++) {
    // Interleaved so every row sees the same machine load; the first 3 rounds warm up.
    for (const [i, [, fn]] of rows.entries()) {
      const call = await ownGarbageTime(fn);
      if (r < 3) continue;
      cpu[i]?.push(call.cpu);
      thread[i]?.push(call.thread);
    }
  }
  const driverRow = rows.length - 1;
  const rulesRow = rows.findIndex(([name]) => name === 'Linhai #rules');
  /** Per round, row a over row b (same round, same load), for each method. */
  const ratios = (a: number, b: number) =>
    times.map((t) => (t[a] ?? []).map((x, k) => x / (t[b]?.[k] ?? NaN)));
  console.log(
    `${links}-link TOC page (${(tocText.length / 1024).toFixed(0)} K chars), parse + extract, CPU ms, median [quartiles] of ${rounds} rounds, by method`,
  );
  console.table(
    rows.map(([name], i) => ({
      parser: name,
      ...Object.fromEntries(methods.map((m, k) => [`${m} ms`, spread(times[k]?.[i] ?? [], 1)])),
      // Where the GC's helper threads' work lands: on the row that made the garbage, or the next.
      'other threads ms': spread(
        (cpu[i] ?? []).map((x, k) => x - (thread[i]?.[k] ?? NaN)),
        1,
      ),
      ...Object.fromEntries(
        methods.map((m, k) => [`${m} × floor`, spread(ratios(i, 0)[k] ?? [], 1)]),
      ),
    })),
  );
  const tocFloors = ratios(driverRow, 0).map(median);
  const tocRules = ratios(driverRow, rulesRow).map(median);

  // @js per chapter: the same chapters with and without the rule, and the bare sandbox call.
  const htmls = await Promise.all(
    chapters.map(async (c) => {
      const page = parseContent(responses.get(c.url)?.text ?? '', c.url);
      return getString(
        'id.content@html',
        page,
        { variables: createVariableStore(), baseUrl: c.url },
        { unescape: false },
      );
    }),
  );
  const costs = [];
  for (const script of scripts) {
    const scripted: BookSource = {
      ...source,
      ruleContent: { ...source.ruleContent, content: `id.content@html@js:${script}` },
    };
    const scriptedDriver = createSourceDriver({ source: scripted, fetcher, sandbox });
    const bareCall = (html: string) => sandbox.run({ code: script, bindings: { result: html } });
    // Chapter by chapter, the three in turn (the order rotating), so all three run under the same
    // load and the same cache state: a page parsed and cleaned just before, as in real use.
    const steps = [
      (i: number) => plainDriver.content(chapters[i] as TocEntry),
      (i: number) => scriptedDriver.content(chapters[i] as TocEntry),
      (i: number) => bareCall(htmls[i] ?? ''),
    ];
    // Per round, the sum over the chapters of each step, by process CPU and by main-thread CPU.
    const sums = { cpu: [[], [], []] as number[][], thread: [[], [], []] as number[][] };
    const hot: number[] = [];
    /** Per chapter call, with the rule minus without it (the two ran next to each other). */
    const perCall = { cpu: [] as number[], thread: [] as number[], bare: [] as number[] };
    for (let r = 0; r < jsRounds + 2; r++) {
      const cpu = [0, 0, 0];
      const thr = [0, 0, 0];
      for (let i = 0; i < chapters.length; i++) {
        const call = [];
        // Once per chapter, not per step: a scavenge right before a 0.1 ms call makes it ~20%
        // dearer (cold caches), and the three steps' garbage (~1 MB) fits the young generation.
        // The rotating order spreads the first step's cold start over all three.
        emptyYoungGeneration();
        for (let k = 0; k < 3; k++) {
          const step = (i + r + k) % 3;
          const t = await cpuAndThreadTime(() => steps[step]?.(i));
          call[step] = t;
          cpu[step] = (cpu[step] ?? 0) + t.cpu;
          thr[step] = (thr[step] ?? 0) + t.thread;
        }
        if (r < 2) continue;
        perCall.cpu.push((call[1]?.cpu ?? NaN) - (call[0]?.cpu ?? NaN));
        perCall.thread.push((call[1]?.thread ?? NaN) - (call[0]?.thread ?? NaN));
        perCall.bare.push(call[2]?.cpu ?? NaN);
      }
      // The bare call as it was measured before: 100 calls in a row, caches warm.
      const loop = await cpuTime(async () => {
        for (const html of htmls) await bareCall(html);
      });
      if (r < 2) continue;
      for (let k = 0; k < 3; k++) {
        sums.cpu[k]?.push((cpu[k] ?? 0) / chapters.length);
        sums.thread[k]?.push((thr[k] ?? 0) / chapters.length);
      }
      hot.push(loop / chapters.length);
    }
    const [plain = [], withRule = [], bare = []] = sums.cpu;
    const [tPlain = [], tWithRule = [], tBare = []] = sums.thread;
    /** Paired: in each round, with the rule minus without it, over the same chapters. */
    const paired = withRule.map((x, k) => x - (plain[k] ?? NaN));
    const tPaired = tWithRule.map((x, k) => x - (tPlain[k] ?? NaN));
    costs.push({
      script,
      // The estimator used until issue 18's fourth session: a difference of two medians.
      unpaired: median(withRule) - median(plain),
      paired,
      pairedRatio: paired.map((d, k) => d / (bare[k] ?? NaN)),
      tPaired,
      tPairedRatio: tPaired.map((d, k) => d / (tBare[k] ?? NaN)),
      bare,
      tBare,
      hot,
      plain,
      perCall,
    });
  }
  sandbox.dispose();
  console.log(
    `@js: ms per chapter over ${chapters.length} chapters (${(htmls[0]?.length ?? 0).toLocaleString('en')}-char content), median [quartiles] of ${jsRounds} rounds; the driver without the rule, with it and the bare call interleaved chapter by chapter; the rule's cost is paired (with minus without, per round); process CPU, and main-thread CPU (no GC helper threads)`,
  );
  console.table(
    costs.map((c) => ({
      script: c.script,
      'driver, no rule': spread(c.plain, 3),
      'rule, old estimator': c.unpaired.toFixed(3),
      'rule, paired': spread(c.paired, 3),
      'bare sandbox.run': spread(c.bare, 3),
      '× bare, paired': spread(c.pairedRatio, 2),
      'main thread: rule': spread(c.tPaired, 3),
      'main thread: bare': spread(c.tBare, 3),
      'main thread: × bare': spread(c.tPairedRatio, 2),
      'per chapter: rule': median(c.perCall.cpu).toFixed(3),
      'per chapter: bare': median(c.perCall.bare).toFixed(3),
      'per chapter: main thread rule': median(c.perCall.thread).toFixed(3),
      'bare, 100 in a row': spread(c.hot, 3),
    })),
  );
  // The same measure on material we did not make: real saved TOC pages, real sources.
  let realOk = true;
  if (realPagesSkip) console.log(`(real pages left out: ${realPagesSkip})`);
  else {
    const real = await realTocRows(rounds / 2);
    console.log(
      `Real saved TOC pages with the community sources that read them exactly, CPU ms and per-round ratios (median of ${rounds / 2} rounds; process CPU / main thread)`,
    );
    console.table(
      real.map((r) => ({
        'source on page': r.pair,
        chapters: r.links,
        'htmlparser2 ms': r.floorMs.toFixed(1),
        'driver ms': r.driverMs.toFixed(1),
        '× floor': r.overFloor.map((x) => x.toFixed(2)).join(' / '),
        '× #rules': r.overRules.map((x) => x.toFixed(2)).join(' / '),
      })),
    );
    const range = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}x`;
    // The same targets hold on every real pair, on both clocks.
    realOk = real.every(
      (r) => r.overFloor.every((x) => x <= 5) && r.overRules.every((x) => x <= 1.5),
    );
    console.log(
      `real pages: driver TOC ${range(real.flatMap((r) => r.overFloor))} floor, ${range(real.flatMap((r) => r.overRules))} #rules over ${real.length} source–page pairs (both clocks; targets ≤ 5x, ≤ 1.5x): ${realOk ? 'met' : 'MISSED'}`,
    );
  }

  const first = costs[0];
  if (!first) return false;
  const perChapter = median(first.paired);
  const jsRatio = median(first.pairedRatio);
  // Met only when met on both clocks: neither can be picked after the fact to pass. (Process CPU
  // counts the GC helper threads' work, which lands on the rows that made the garbage — the floor
  // row's is ~0 — but whether a concurrent GC cycle falls in a call makes it spread widely.)
  const tocOk = tocFloors.every((x) => x <= 5) && tocRules.every((x) => x <= 1.5) && realOk;
  const tPerChapter = median(first.tPaired);
  const tRatio = median(first.tPairedRatio);
  const jsOk = perChapter <= 0.25 && jsRatio <= 1.5 && tPerChapter <= 0.25 && tRatio <= 1.5;
  const each = (xs: number[]) => methods.map((m, k) => `${m} ${xs[k]?.toFixed(2)}x`).join(', ');
  console.log(`driver TOC over the floor, by method: ${each(tocFloors)}`);
  console.log(`driver TOC over #rules, by method: ${each(tocRules)}`);
  console.log(
    `driver TOC: ${tocFloors[0]?.toFixed(1)}x floor, ${tocRules[0]?.toFixed(2)}x #rules (process CPU, per-round ratios; main thread ${tocFloors[1]?.toFixed(1)}x, ${tocRules[1]?.toFixed(2)}x; ratio of medians as before ${(median(cpu[driverRow] ?? []) / median(cpu[0] ?? [])).toFixed(1)}x, ${(median(cpu[driverRow] ?? []) / median(cpu[rulesRow] ?? [])).toFixed(2)}x) (targets ≤ 5x, ≤ 1.5x, on both clocks, here and on the real pages): ${tocOk ? 'met' : 'MISSED'}`,
  );
  console.log(
    `@js per chapter: ${perChapter.toFixed(2)} ms (${jsRatio.toFixed(1)}x bare sandbox, paired; old estimator ${first.unpaired.toFixed(2)} ms, ${(first.unpaired / median(first.bare)).toFixed(1)}x; main thread ${tPerChapter.toFixed(2)} ms, ${tRatio.toFixed(1)}x; median of per-chapter differences ${median(first.perCall.cpu).toFixed(2)} ms, ${(median(first.perCall.cpu) / median(first.perCall.bare)).toFixed(1)}x) (targets ≤ 0.25 ms, ≤ 1.5x, paired, on both clocks): ${jsOk ? 'met' : 'MISSED'}`,
  );
  return tocOk && jsOk;
}
