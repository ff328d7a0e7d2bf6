/**
 * The built-in sources end to end over local mocks of the interfaces they use (MediaWiki Action
 * API, Gutenberg OPDS + HTML books): the real #net client, the real driver and rule engine, no
 * sandbox (the rules need no JS). Each source is pointed at its mock by replacing its origin.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpClient } from '#net';
import {
  builtInSources,
  classifySource,
  createSourceDriver,
  exportSources,
  importSources,
} from '#sources';
import { builtInSourceJson } from '../../src/sources/builtin/index.ts';
import type { BookSource, SourceDriver } from '#sources';
import { startMockMediaWiki } from './mock-mediawiki.ts';
import type { MockWiki } from './mock-mediawiki.ts';
import { startMockGutenberg } from './mock-gutenberg.ts';
import type { MockServer } from './serve.ts';
import {
  christmasCarol,
  honglou,
  jingyesi,
  prideWiki,
  timeMachinePg,
  timeMachineWiki,
  warOfTheWorlds,
} from './works.ts';

const client = createHttpClient({
  allowHosts: ['127.0.0.1'],
  robots: false,
  politeness: { minIntervalMs: 0, concurrency: 4 },
  retry: { retries: 0 },
});

/** The source with its origin replaced by the mock's (all its URLs hang off that origin). */
function pointedAt(source: BookSource, origin: string): BookSource {
  const from = source.bookSourceUrl;
  const text = JSON.stringify(source).replaceAll(from, origin);
  return { ...(JSON.parse(text) as BookSource), concurrentRate: '' };
}

function driverFor(name: string, origin: string): SourceDriver {
  const source = builtInSources().find((s) => s.bookSourceName === name);
  assert.ok(source, `built-in source ${name}`);
  return createSourceDriver({
    source: pointedAt(source, origin),
    fetcher: client,
    deadlineMs: 20_000,
  });
}

describe('built-in sources: the list', () => {
  test('three sources, marked built in, classified full, import(export) round trip', () => {
    const sources = builtInSources();
    assert.deepEqual(
      sources.map((s) => s.bookSourceName),
      ['中文维基文库', 'English Wikisource', 'Project Gutenberg'],
    );
    for (const s of sources) {
      const record = s as unknown as Record<string, unknown>;
      assert.equal(record.linhaiBuiltIn, true);
      assert.match(s.bookSourceComment ?? '', /Built into Linhai/);
      const c = classifySource(s);
      assert.equal(c.tier, 'full', `${s.bookSourceName}: ${JSON.stringify(c.missing)}`);
    }
    const again = importSources(JSON.stringify(builtInSourceJson()));
    assert.equal(again.errors.length, 0);
    assert.deepEqual(
      again.report.map((r) => r.tier),
      ['full', 'full', 'full'],
    );
    // The marker survives export → import, like any unknown key.
    const exported = importSources(exportSources(sources)).sources as unknown as Record<
      string,
      unknown
    >[];
    assert.deepEqual(
      exported.map((s) => s.linhaiBuiltIn),
      [true, true, true],
    );
  });
});

describe('built-in sources: 中文维基文库 over a MediaWiki mock', () => {
  let wiki: MockWiki;
  before(async () => {
    wiki = await startMockMediaWiki('zh', [honglou, jingyesi]);
  });
  after(() => wiki.close());

  test('search → bookInfo → toc → content', async () => {
    const driver = driverFor('中文维基文库', wiki.origin);
    const hits = await driver.search('紅樓夢');
    // Chapter subpages also match, but only works are books.
    assert.deepEqual(
      hits.map((h) => h.name),
      ['紅樓夢'],
    );
    const [hit] = hits;
    assert.ok(hit);
    assert.match(hit.intro, /紅樓夢/);
    const info = await driver.bookInfo(hit);
    assert.equal(info.name, '紅樓夢');
    assert.equal(info.kind, '清朝小說,章回小說');
    const toc = await driver.toc(info);
    assert.deepEqual(
      toc.map((c) => c.title),
      ['第001回', '第002回', '第003回'],
    );
    const first = await driver.content(toc[0]!, { book: info, nextChapterUrl: toc[1]?.url });
    assert.match(first.text, /此開卷第一回也/);
    assert.doesNotMatch(first.text, /封肅/);
    const third = await driver.content(toc[2]!, { book: info });
    assert.match(third.text, /張如圭/);
    assert.ok(wiki.requests.every((r) => r.startsWith('/w/api.php?')));
  });

  test('a single-page work is one chapter', async () => {
    const driver = driverFor('中文维基文库', wiki.origin);
    const [hit] = await driver.search('靜夜思');
    assert.ok(hit);
    const info = await driver.bookInfo(hit);
    const toc = await driver.toc(info);
    assert.deepEqual(
      toc.map((c) => c.title),
      ['靜夜思'],
    );
    const poem = await driver.content(toc[0]!, { book: info });
    assert.match(poem.text, /床前明月光/);
  });
});

describe('built-in sources: English Wikisource over a MediaWiki mock', () => {
  let wiki: MockWiki;
  before(async () => {
    wiki = await startMockMediaWiki('en', [timeMachineWiki, prideWiki]);
  });
  after(() => wiki.close());

  test('twelve chapters in page order, spaces in titles', async () => {
    const driver = driverFor('English Wikisource', wiki.origin);
    const [hit, ...rest] = await driver.search('time machine');
    assert.equal(rest.length, 0);
    assert.equal(hit?.name, 'The Time Machine');
    const info = await driver.bookInfo(hit!);
    assert.equal(info.kind, 'Science fiction novels,Works by H. G. Wells');
    const toc = await driver.toc(info);
    assert.deepEqual(
      toc.map((c) => c.title),
      Array.from({ length: 12 }, (_, i) => `Chapter ${i + 1}`),
    );
    const tenth = await driver.content(toc[9]!, { book: info });
    assert.match(tenth.text, /Paragraph one of chapter 10:/);
  });

  test('a title with "&" reaches the API intact', async () => {
    const driver = driverFor('English Wikisource', wiki.origin);
    const [hit] = await driver.search('Prejudice');
    assert.equal(hit?.name, 'Pride & Prejudice');
    const info = await driver.bookInfo(hit!);
    const toc = await driver.toc(info);
    assert.deepEqual(
      toc.map((c) => c.title),
      ['Chapter 1', 'Chapter 2'],
    );
    const second = await driver.content(toc[1]!, { book: info });
    assert.match(second.text, /Mr\. Bennet was among the earliest/);
  });
});

describe('built-in sources: Project Gutenberg over an OPDS + HTML mock', () => {
  let pg: MockServer;
  before(async () => {
    pg = await startMockGutenberg([timeMachinePg, warOfTheWorlds, christmasCarol]);
  });
  after(() => pg.close());

  test('search skips navigation entries; info from the book feed; chapters cut at anchors', async (t) => {
    const driver = driverFor('Project Gutenberg', pg.origin);
    const hits = await driver.search('wells');
    assert.deepEqual(
      hits.map((h) => [h.name, h.author]),
      [
        ['The Time Machine', 'H. G. Wells'],
        ['The War of the Worlds', 'H. G. Wells'],
      ],
    );
    const hit = hits[0]!;
    assert.equal(hit.bookUrl, `${pg.origin}/ebooks/35.opds`);
    assert.equal(hit.coverUrl, `${pg.origin}/cache/epub/35/pg35.cover.small.jpg`);
    const info = await driver.bookInfo(hit);
    assert.equal(info.kind, 'Science fiction,Time travel -- Fiction,Dystopias -- Fiction');
    assert.equal(info.coverUrl, `${pg.origin}/cache/epub/35/pg35.cover.medium.jpg`);
    assert.match(info.intro, /This edition has images/);
    const toc = await driver.toc(info);
    assert.deepEqual(
      toc.map((c) => c.title),
      ['I. Introduction', 'II. The Machine', 'III. The Time Traveller Returns'],
    );
    const texts = [];
    for (const [i, chapter] of toc.entries())
      texts.push(
        (await driver.content(chapter, { book: info, nextChapterUrl: toc[i + 1]?.url })).text,
      );
    assert.match(texts[0]!, /expounding a recondite matter/);
    assert.match(texts[0]!, /grey eyes shone/);
    assert.doesNotMatch(texts[0]!, /none of us quite believed/);
    assert.match(texts[1]!, /none of us quite believed/);
    assert.doesNotMatch(texts[1]!, /Richmond/);
    assert.match(texts[2]!, /Richmond/);
    assert.doesNotMatch(texts[2]!, /END OF THE PROJECT GUTENBERG/);
    // What reading costs: the HTML book is fetched for the TOC and again for every chapter.
    const bookPage = pg.requests.filter((r) => r === '/cache/epub/35/pg35-images.html').length;
    t.diagnostic(`requests: ${pg.requests.length} (${bookPage} of the whole HTML book)`);
    assert.equal(bookPage, 1 + toc.length);
  });

  test('an older HTML book: anchors before bare <h2> headings', async () => {
    const driver = driverFor('Project Gutenberg', pg.origin);
    const [hit, ...rest] = await driver.search('christmas carol');
    assert.equal(rest.length, 0);
    assert.equal(hit?.author, 'Charles Dickens');
    const info = await driver.bookInfo(hit!);
    const toc = await driver.toc(info);
    assert.deepEqual(
      toc.map((c) => c.title),
      [
        "STAVE I. MARLEY'S GHOST",
        'STAVE II. THE FIRST OF THE THREE SPIRITS',
        'STAVE III. THE SECOND OF THE THREE SPIRITS',
      ],
    );
    const first = await driver.content(toc[0]!, { book: info });
    assert.match(first.text, /STAVE I\. MARLEY'S GHOST/);
    assert.match(first.text, /Marley was dead: to begin with\.\n.*There is no doubt/);
    assert.doesNotMatch(first.text, /Scrooge awoke/);
    const last = await driver.content(toc[2]!, { book: info });
    assert.match(last.text, /prodigiously tough snore/);
    assert.doesNotMatch(last.text, /Updated editions|END OF THE PROJECT/);
  });
});
