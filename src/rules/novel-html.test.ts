// Real saved novel-site pages (../shared/data/novel-html/) with hand-written Legado-style rules
// and the values expectations.json (or a reading of the page) gives for them.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  parseContent,
  getString,
  getStringList,
  getElements,
  createVariableStore,
  formatHtmlContent,
} from './index.ts';
import type { ParsedContent } from './index.ts';
import { sharedData, sharedDataSkip } from '../../test/support/outside-material.ts';

const skip = sharedDataSkip('novel-html');
const dir = new URL(`file://${sharedData('novel-html')}/`);
const load = (file: string, url: string): ParsedContent =>
  parseContent(readFileSync(new URL(file, dir), 'utf8'), url);
const expectations = (
  skip ? {} : JSON.parse(readFileSync(new URL('webnovelconverter/expectations.json', dir), 'utf8'))
) as Record<string, Record<string, string>>;
const ctx = (page: ParsedContent) => ({ variables: createVariableStore(), baseUrl: page.baseUrl });

describe('webnovelconverter pages with expectations.json', { skip }, () => {
  test('Royal Road fiction index: ruleBookInfo name, coverUrl, intro', async () => {
    const page = load(
      'webnovelconverter/RoyalRoadlIndex1.html',
      'http://royalroadl.com/fiction/1234',
    );
    const want = expectations['RoyalRoadlIndex1.html']!;
    const rules = {
      name: '@css:h2[property=name]@text',
      coverUrl: '@css:img.thumbnail@src',
      intro: 'class.description@text',
    };
    assert.equal(await getString(rules.name, page, ctx(page)), want.title);
    assert.equal(await getString(rules.coverUrl, page, ctx(page), { isUrl: true }), want.coverUrl);
    assert.ok(
      (await getString(rules.intro, page, ctx(page))).startsWith(want.description_starts_with!),
    );
  });
  test('Royal Road chapter: content as inner HTML (XPath html()) and as text', async () => {
    const page = load(
      'webnovelconverter/RoyalRoadLPage1.html',
      'http://royalroadl.com/fiction/chapter/1',
    );
    const want = expectations['RoyalRoadLPage1.html']!;
    const html = await getString(
      '//div[contains(@class,"chapter-content")]/html()',
      page,
      ctx(page),
      { unescape: false },
    );
    assert.ok(html.startsWith(want.content_starts_with!), html.slice(0, 200));
    const text = formatHtmlContent(
      await getString('class.chapter-content@html', page, ctx(page), { unescape: false }),
    );
    assert.ok(text.includes(want.content_contains!));
    assert.ok(text.startsWith('\u3000\u3000'));
  });
  test('LNMTL chapter: chapterName, nextContentUrl, content paragraphs', async () => {
    const page = load(
      'webnovelconverter/LNMTLPage1.html',
      'http://lnmtl.com/chapter/martial-god-asura-book-4-chapter-701',
    );
    const want = expectations['LNMTLPage1.html']!;
    assert.equal(
      await getString('@css:h3.dashhead-title span.chapter-title@text', page, ctx(page)),
      want.chapterName,
    );
    assert.deepEqual(
      await getStringList('@css:li.next > a@href', page, ctx(page), { isUrl: true }),
      [want.nextChapterUrl],
    );
    const content = await getString(
      'class.chapter-body@sentence.translated@text##(?m)^(.+)$##<p>$1</p>',
      page,
      ctx(page),
    );
    assert.ok(content.startsWith(want.content_starts_with!), content.slice(0, 100));
  });
});

describe('a biquge-family (顶点小说) search results page', { skip }, () => {
  const page = load(
    'wangyige0701-novel/dingdian-search-results.html',
    'https://www.23ddw.net/search',
  );
  const rule = {
    bookList: 'class.txt-list-row5@tag.li!0',
    name: 'class.s2@tag.a@text',
    bookUrl: 'class.s2@tag.a@href',
    author: 'class.s4@text',
    kind: 'class.s1@text##\\[|\\]',
    lastChapter: 'class.s3@text',
  };
  test('31 results (the page says 共有 "31" 个结果), first and last as printed', async () => {
    const items = await getElements(rule.bookList, page, ctx(page));
    assert.equal(items.length, 31);
    const row = async (it: unknown) => ({
      name: await getString(rule.name, it, ctx(page)),
      bookUrl: await getString(rule.bookUrl, it, ctx(page), { isUrl: true }),
      author: await getString(rule.author, it, ctx(page)),
      kind: await getString(rule.kind, it, ctx(page)),
      lastChapter: await getString(rule.lastChapter, it, ctx(page)),
    });
    assert.deepEqual(await row(items[0]), {
      name: '斗破苍穹续集',
      bookUrl: 'https://www.23ddw.net/b149752/',
      author: '斗破续集大集合',
      kind: '历史军事',
      lastChapter: '第一百零三章 阴谋',
    });
    assert.deepEqual(await row(items[30]), {
      name: '斗破苍穹神之炎帝',
      bookUrl: 'https://www.23ddw.net/b2350/',
      author: '柠檬邱霞',
      kind: '其他类型',
      lastChapter: '第2932章 大千意志，败！',
    });
  });
  test('the same list through XPath and through @css: agree', async () => {
    const viaXPath = await getStringList(
      '//ul[contains(@class,"txt-list-row5")]/li/span[@class="s2"]/a/text()',
      page,
      ctx(page),
    );
    const viaCss = await getStringList(
      '@css:ul.txt-list-row5 > li > span.s2 > a@text',
      page,
      ctx(page),
    );
    assert.equal(viaXPath.length, 31);
    assert.deepEqual(viaXPath, viaCss);
  });
});

describe('WebToEpub saved pages', { skip }, () => {
  test('FanFiction: author (entity unescaped) and a chapter list from <option>s with templated URLs', async () => {
    const page = load(
      'webtoepub/testdata__FanFiction.html',
      'https://www.fanfiction.net/s/1234567/1/WebToEpub',
    );
    assert.equal(
      await getString('id.profile_top@tag.a@text', page, ctx(page)),
      'David & Teviotdale',
    );
    const items = await getElements('id.chap_select.0@tag.option', page, ctx(page));
    const toc: string[] = [];
    for (const it of items)
      toc.push(
        `${await getString('text', it, ctx(page))} ${await getString('/s/1234567/{{@@value}}/WebToEpub', it, ctx(page), { isUrl: true })}`,
      );
    assert.deepEqual(toc, [
      '1. Introduction https://www.fanfiction.net/s/1234567/1/WebToEpub',
      '2. Using the Code or "How to load an Extension into Chrome" https://www.fanfiction.net/s/1234567/2/WebToEpub',
      '3. Basics of Building a Chrome extension https://www.fanfiction.net/s/1234567/3/WebToEpub',
      '4. How to read the HTML of a web page on a Chrome tab. https://www.fanfiction.net/s/1234567/4/WebToEpub',
      `5. Using Chrome's "Inspect Element" to examine the DOM https://www.fanfiction.net/s/1234567/5/WebToEpub`,
    ]);
  });
  test('Baka-Tsuki: title, with ## cleanup of the <title>', async () => {
    const page = load(
      'webtoepub/testdata__Baka-Tsuki.html',
      'http://www.baka-tsuki.org/project/index.php?title=Web_to_Epub',
    );
    assert.equal(await getString('id.firstHeading@text', page, ctx(page)), 'Web to Epub');
    assert.equal(await getString('tag.title@text##:.*', page, ctx(page)), 'Web to Epub');
    assert.equal(await getString('id.siteSub@text', page, ctx(page)), 'From Baka-Tsuki');
  });
});
