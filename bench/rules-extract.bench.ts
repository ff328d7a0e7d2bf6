// Rule engine vs a hand-written extractor (same parser: parse5 + htmlparser2 tree adapter, same
// css-select), side by side in one run, on the demo biquge site's 3,200-chapter TOC page and on a
// 100-chapter content run; htmlparser2's bare parse of the same pages is printed as the floor.
// Target (issue 3): engine ≤ 1.5× hand-written; the whole TOC extraction well under 30 ms.
import { parse } from 'parse5';
import { adapter } from 'parse5-htmlparser2-tree-adapter';
import { parseDocument } from 'htmlparser2';
import { selectAll, selectOne } from 'css-select';
import { textContent, removeElement } from 'domutils';
import { render } from 'dom-serializer';
import type { AnyNode, Document, Element } from 'domhandler';
import { startDemoSites } from '#demo';
import { median, time } from './side-by-side.ts';
import {
  parseContent,
  getElements,
  getString,
  createVariableStore,
  formatHtmlContent,
} from '#rules';

const TOC_RULES = { chapterList: 'id.list@tag.dd@tag.a', chapterName: 'text', chapterUrl: 'href' };
const CONTENT_RULE = 'id.content@html';

async function fetchGbk(url: string): Promise<string> {
  const res = await fetch(url);
  return new TextDecoder('gbk').decode(await res.arrayBuffer());
}

async function loadPages(): Promise<{
  tocUrl: string;
  toc: string;
  chapters: { url: string; html: string }[];
}> {
  const cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
  try {
    cluster.clock.advance(20 * 365 * 24 * 3_600_000); // every chapter of book 1 published
    const origin = cluster.site('biquge').origin;
    const tocUrl = `${origin}/10_10001/`;
    const toc = await fetchGbk(tocUrl);
    const chapters: { url: string; html: string }[] = [];
    for (let i = 0; i < 100; i++) {
      const url = `${origin}/10_10001/${5_010_000 + i}.html`;
      chapters.push({ url, html: await fetchGbk(url) });
    }
    return { tocUrl, toc, chapters };
  } finally {
    await cluster.close();
  }
}

async function engineToc(text: string, url: string): Promise<number> {
  return engineTocOn(parseContent(text, url), url);
}

async function engineTocOn(page: ReturnType<typeof parseContent>, url: string): Promise<number> {
  const ctx = { variables: createVariableStore(), baseUrl: url };
  const items = await getElements(TOC_RULES.chapterList, page, ctx);
  let n = 0;
  for (const it of items) {
    const name = await getString(TOC_RULES.chapterName, it, ctx);
    const href = await getString(TOC_RULES.chapterUrl, it, ctx);
    if (name && href) n++;
  }
  return n;
}

function handToc(text: string): number {
  const doc = parse(text, { treeAdapter: adapter }) as Document;
  let n = 0;
  for (const a of selectAll<AnyNode, Element>('#list dd a', doc)) {
    const name = textContent(a)
      .replace(/[\s\u00a0]+/g, ' ')
      .trim();
    const href = a.attribs.href ?? '';
    if (name && href) n++;
  }
  return n;
}

async function engineContent(pages: { url: string; html: string }[]): Promise<number> {
  let len = 0;
  for (const p of pages) {
    const page = parseContent(p.html, p.url);
    const html = await getString(
      CONTENT_RULE,
      page,
      { variables: createVariableStore(), baseUrl: p.url },
      { unescape: false },
    );
    len += formatHtmlContent(html).length;
  }
  return len;
}

function handContent(pages: { url: string; html: string }[]): number {
  let len = 0;
  for (const p of pages) {
    const doc = parse(p.html, { treeAdapter: adapter }) as Document;
    const el = selectOne('#content', doc) as Element | null;
    if (!el) continue;
    for (const s of selectAll('script, style', el)) removeElement(s);
    len += formatHtmlContent(render(el, { decodeEntities: true, encodeEntities: 'utf8' })).length;
  }
  return len;
}

export async function run(): Promise<boolean> {
  const { tocUrl, toc, chapters } = await loadPages();
  const chapterCount = handToc(toc);
  const engineCount = await engineToc(toc, tocUrl);
  if (engineCount !== chapterCount)
    throw new Error(`engine found ${engineCount} chapters, hand-written ${chapterCount}`);
  const rounds = 15;
  const t = {
    engineToc: [] as number[],
    handToc: [] as number[],
    floorToc: [] as number[],
    engineContent: [] as number[],
    handContent: [] as number[],
    floorContent: [] as number[],
  };
  for (let r = 0; r < rounds + 3; r++) {
    // Interleaved so both sides see the same machine load; the first 3 rounds warm up.
    const e = await time(() => engineToc(toc, tocUrl));
    const h = await time(() => handToc(toc));
    const f = await time(() => parseDocument(toc));
    const ec = await time(() => engineContent(chapters));
    const hc = await time(() => handContent(chapters));
    const fc = await time(() => chapters.forEach((c) => parseDocument(c.html)));
    if (r < 3) continue;
    t.engineToc.push(e);
    t.handToc.push(h);
    t.floorToc.push(f);
    t.engineContent.push(ec);
    t.handContent.push(hc);
    t.floorContent.push(fc);
  }
  const tocRatio = median(t.engineToc) / median(t.handToc);
  const contentRatio = median(t.engineContent) / median(t.handContent);
  const row = (name: string, e: number[], h: number[], f: number[]) => ({
    workload: name,
    'engine ms': median(e).toFixed(2),
    'hand-written ms': median(h).toFixed(2),
    'htmlparser2 bare parse ms': median(f).toFixed(2),
    'engine / hand': (median(e) / median(h)).toFixed(2),
    'engine / floor': (median(e) / median(f)).toFixed(2),
  });
  console.log(
    `TOC page: ${(toc.length / 1024).toFixed(0)} K chars, ${chapterCount} links; content run: ${chapters.length} chapters; median of ${rounds} rounds`,
  );
  console.table([
    row(`TOC (${chapterCount} chapters)`, t.engineToc, t.handToc, t.floorToc),
    row(`content (${chapters.length} chapters)`, t.engineContent, t.handContent, t.floorContent),
  ]);
  // The extraction alone, on an already-parsed page (what the rule engine adds on top of parsing).
  const parsed = parseContent(toc, tocUrl);
  void parsed.document;
  const extract: number[] = [];
  const parseOnly: number[] = [];
  for (let r = 0; r < rounds; r++) {
    extract.push(await time(() => engineTocOn(parsed, tocUrl)));
    parseOnly.push(await time(() => parse(toc, { treeAdapter: adapter })));
  }
  console.log(
    `TOC split: parse5 parse ${median(parseOnly).toFixed(2)} ms + rule extraction ${median(extract).toFixed(2)} ms`,
  );
  const ratioOk = tocRatio <= 1.5 && contentRatio <= 1.5;
  const tocOk = median(t.engineToc) < 30;
  console.log(
    `target engine ≤ 1.5× hand-written: ${ratioOk ? 'met' : 'MISSED'} (TOC ${tocRatio.toFixed(2)}×, content ${contentRatio.toFixed(2)}×)`,
  );
  console.log(
    `target whole TOC extraction < 30 ms: ${tocOk ? 'met' : 'MISSED'} (${median(t.engineToc).toFixed(1)} ms; the bare parse floor alone is ${median(t.floorToc).toFixed(1)} ms on this machine now)`,
  );
  return ratioOk && tocOk;
}
