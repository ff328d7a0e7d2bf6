/**
 * The cleaner against the demo sites: the generator's truth for boilerplate, and real HTTP pages
 * (on 127.0.0.1) with the sites' faults for bad pages.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseDocument, DomUtils } from 'htmlparser2';
import render from 'dom-serializer';
import { boilerplateTruth, catalogue, startDemoSites } from '#demo';
import type { DemoCluster, DemoSite, DemoTemplate, Fault } from '#demo';
import { createCleaner, MemoryBoilerplateStore, tidyLine, bookNormOf } from './index.ts';
import type { Cleaner, CleanResult } from './index.ts';
import { plainRegexEngine } from './testing/regex-engine.ts';
import { sharedDataSkip } from '../../../test/support/outside-material.ts';

const bookId = 4; // 星河归途: 300 chapters, on the biquge, paged and json sites

function identity(template: DemoTemplate) {
  return {
    template,
    name: template,
    displayName: `${template}小说网`,
    brandDomain: `www.${template}-demo.com`,
    boilerplate: true,
  };
}

describe('boilerplate against the generator truth (300-chapter demo book)', () => {
  for (const [template, builtin] of [
    ['biquge', false],
    ['paged', false],
    ['json', true],
  ] as const) {
    test(`${template} site, ${builtin ? 'as shipped' : 'learning alone'}: learned within ten chapters, no real paragraph removed`, async () => {
      const cleaner = createCleaner({
        boilerplate: new MemoryBoilerplateStore(),
        regex: plainRegexEngine,
        builtin,
      });
      const book = catalogue.book(bookId);
      let lost = 0;
      let late = 0;
      let early = 0;
      for (let index = 0; index < book.chapterCount; index++) {
        const truth = boilerplateTruth(identity(template), bookId, index);
        const result = await cleaner.clean({
          sourceKey: `http://127.0.0.1/${template}`,
          bookKey: String(bookId),
          bookTitle: book.title,
          author: book.author,
          chapterTitle: catalogue.chapter(bookId, index).title,
          content: truth.lines.map((line) => line.text).join('\n'),
        });
        assert.equal(result.verdict, 'ok');
        const kept = new Set(result.paragraphs);
        lost += truth.paragraphs.filter((line) => !kept.has(line)).length;
        const left = truth.boilerplate.filter((line) => kept.has(tidyLine(line))).length;
        if (index >= 10) late += left;
        else early += left;
      }
      assert.equal(lost, 0, 'real paragraphs removed');
      assert.equal(late, 0, 'boilerplate left after the tenth chapter');
      if (builtin) assert.equal(early, 0, 'built-in rules leave nothing even at first');
    });
  }
});

/** The `#content`-style element of a page, as a source's content rule would select it. */
function select(html: string, template: DemoTemplate): string {
  const document = parseDocument(html);
  const test =
    template === 'english'
      ? (e: { attribs: Record<string, string> }) => /chapter-content/.test(e.attribs['class'] ?? '')
      : (e: { attribs: Record<string, string> }) => e.attribs['id'] === 'content';
  const element = DomUtils.findOne((e) => test(e), document.children, true);
  return element === null ? '' : render(element.children);
}

/** A page as text, decoded in the charset its Content-Type names (biquge sends GBK). */
async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  const charset =
    /charset=([\w-]+)/i.exec(response.headers.get('content-type') ?? '')?.[1] ?? 'utf-8';
  const label = /^gbk$/i.test(charset) ? 'gb18030' : charset;
  return new TextDecoder(label).decode(await response.arrayBuffer());
}

async function fetchChapter(
  site: DemoSite,
  index: number,
): Promise<{ page: string; content: string }> {
  const page = await fetchText(site.chapterUrl(bookId, index));
  if (site.template === 'json') {
    try {
      const json = JSON.parse(page) as { data?: { content?: string } };
      return { page: '', content: json.data?.content ?? '' };
    } catch {
      return { page, content: '' };
    }
  }
  return { page, content: select(page, site.template) };
}

describe('bad pages from the demo sites are never cached; the reader falls back', () => {
  let cluster: DemoCluster;
  before(async () => {
    cluster = await startDemoSites({
      sites: [{ template: 'biquge' }, { template: 'json' }, { template: 'english' }],
    });
  });
  after(async () => {
    await cluster.close();
  });

  /** What the reading use case does: each source in turn; only an `ok` page is cached. */
  async function read(
    cleaner: Cleaner,
    cache: Map<string, CleanResult>,
    sites: DemoSite[],
    index: number,
  ): Promise<{ from: string; result: CleanResult; rejected: string[] }> {
    const rejected: string[] = [];
    const book = catalogue.book(bookId);
    const previous = cache.get(`${index - 1}`)?.paragraphs;
    for (const site of sites) {
      const { page, content } = await fetchChapter(site, index);
      const result = await cleaner.clean({
        sourceKey: site.origin,
        bookKey: String(bookId),
        bookTitle: book.title,
        chapterTitle: catalogue.chapter(bookId, index).title,
        content,
        page,
        neighbours: { previous },
        bookNorm: bookNormOf([...cache.values()].map((r) => r.paragraphs)),
      });
      if (result.verdict === 'ok') {
        cache.set(`${index}`, result);
        return { from: site.name, result, rejected };
      }
      rejected.push(result.verdict.bad);
    }
    throw new Error('no source had the chapter');
  }

  test('placeholder, ban, captcha, truncated and repeated pages', async () => {
    const biquge = cluster.site('biquge');
    const json = cluster.site('json');
    const cleaner = createCleaner({
      boilerplate: new MemoryBoilerplateStore(),
      regex: plainRegexEngine,
    });
    const cache = new Map<string, CleanResult>();
    for (let index = 0; index < 6; index++) {
      const { from } = await read(cleaner, cache, [biquge, json], index);
      assert.equal(from, 'biquge');
    }
    const cases: Array<[Fault, string]> = [
      [{ kind: 'placeholder' }, 'placeholder'],
      [{ kind: 'ban' }, 'ban'],
      [{ kind: 'captcha' }, 'captcha'],
      [{ kind: 'truncate', variant: 'complete', bytes: 2500 }, 'truncated'],
      [{ kind: 'repeat-previous' }, 'repeat'],
    ];
    let index = 6;
    for (const [fault, kind] of cases) {
      biquge.setFaults([{ ...fault, path: new URL(biquge.chapterUrl(bookId, index)).pathname }]);
      const { from, result, rejected } = await read(cleaner, cache, [biquge, json], index);
      assert.deepEqual(rejected, [kind], `${fault.kind} on chapter ${index}`);
      assert.equal(from, 'json');
      assert.deepEqual(result.paragraphs, catalogue.chapter(bookId, index).paragraphs);
      assert.equal(cache.get(`${index}`), result);
      biquge.clearFaults();
      index++;
    }
  });

  test(
    'the seed chapter as the biquge site serves it: exactly its own paragraphs',
    { skip: sharedDataSkip('seed/chapter.txt') },
    async () => {
      const biquge = cluster.site('biquge');
      const seedBook = catalogue.books().find((b) => b.hasSeedChapter);
      assert.ok(seedBook, 'the seed file is present');
      const page = await fetchText(biquge.chapterUrl(seedBook.id, 0));
      // The whole reading area: breadcrumb, heading, links, banner, text, links, book lists.
      const area = DomUtils.findOne(
        (e) => (e.attribs['class'] ?? '') === 'box_con',
        parseDocument(page).children,
      );
      assert.ok(area);
      const result = await createCleaner({
        boilerplate: new MemoryBoilerplateStore(),
        regex: plainRegexEngine,
      }).clean({
        sourceKey: biquge.origin,
        bookKey: String(seedBook.id),
        bookTitle: seedBook.title,
        chapterTitle: catalogue.chapter(seedBook.id, 0).title,
        content: render(area.children),
        page,
      });
      const truth = catalogue.chapter(seedBook.id, 0).paragraphs;
      assert.equal(truth[0]?.slice(0, 14), '李萍带着参观团来到了一面墙前');
      assert.deepEqual(result.paragraphs, truth);
      assert.equal(result.verdict, 'ok');
    },
  );

  test('an anti-theft sentence hidden by a class in the page stylesheet never reaches the reader', async () => {
    const english = cluster.site('english');
    const enBook = catalogue.books().find((b) => b.carriedBy.includes('english'));
    assert.ok(enBook);
    const page = await fetchText(english.chapterUrl(enBook.id, 2));
    const cleaner = createCleaner({
      boilerplate: new MemoryBoilerplateStore(),
      regex: plainRegexEngine,
    });
    const result = await cleaner.clean({
      sourceKey: english.origin,
      bookKey: String(enBook.id),
      chapterTitle: catalogue.chapter(enBook.id, 2).title,
      content: select(page, 'english'),
      page,
    });
    assert.deepEqual(result.paragraphs, catalogue.chapter(enBook.id, 2).paragraphs);
  });
});
