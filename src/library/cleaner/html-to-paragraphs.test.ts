import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { htmlToParagraphs, toParagraphs } from './html-to-paragraphs.ts';
import { stripRepeatedTitle, chapterNumberOf } from './chapter-title.ts';
import { parseChineseNumber } from '../normalize/index.ts';
import { sharedData, sharedDataSkip } from '../../../test/support/outside-material.ts';

describe('HTML to paragraphs', () => {
  test('br runs, blocks and entities become tidy paragraphs', () => {
    const html =
      '<div id="content">&nbsp;&nbsp;&nbsp;&nbsp;甲说：&ldquo;好。&rdquo;<br><br>\n' +
      '&#12288;&#12288;乙<br/>  <p>丙 &amp; 丁</p><div><span>戊</span>己</div></div>';
    assert.deepEqual(htmlToParagraphs(html), ['甲说：“好。”', '乙', '丙 & 丁', '戊己']);
  });

  test('scripts, styles, forms and hidden elements are dropped', () => {
    const html =
      '<p>一</p><script>alert("广告")</script><style>p{}</style>' +
      '<p style="display:none">隐藏的水印</p><span hidden>藏</span><p aria-hidden="true">藏</p>' +
      '<noscript>开启JS</noscript><form><button>投票</button></form><p>二</p>';
    assert.deepEqual(htmlToParagraphs(html), ['一', '二']);
  });

  test('zero-width characters and control characters never reach the reader', () => {
    assert.deepEqual(htmlToParagraphs('<p>本\u200b站\ufeff首\u0007发</p>'), ['本站首发']);
  });

  test('plain text splits on lines; text with entities but no tags keeps its lines', () => {
    assert.deepEqual(toParagraphs('　　甲\n\n　　乙\r\n丙'), ['甲', '乙', '丙']);
    assert.deepEqual(toParagraphs('&nbsp;&nbsp;甲\n&nbsp;&nbsp;乙'), ['甲', '乙']);
  });

  test('a whole page: head and title are not text', () => {
    const page =
      '<html><head><title>第一章</title></head><body><h1>第一章</h1><p>正文</p></body></html>';
    assert.deepEqual(htmlToParagraphs(page), ['第一章', '正文']);
  });

  test('property: paragraphs wrapped in <p> with escaped text come back exactly', () => {
    const line = fc
      .string({
        unit: fc.constantFrom('甲', '乙', 'a', '<', '>', '&', '"', '。', ' ', '丙'),
        minLength: 1,
      })
      .map((s) => s.trim().replace(/ +/g, ' '))
      .filter((s) => s !== '');
    const escape = (s: string) =>
      s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const html = lines.map((l) => `<p>${escape(l)}</p>`).join('\n');
        assert.deepEqual(htmlToParagraphs(html), lines);
        const brs = lines.map(escape).join('<br>\n&nbsp;&nbsp;');
        assert.deepEqual(htmlToParagraphs(brs), lines);
      }),
    );
  });

  test('property: script, style and hidden text never leaks, whatever surrounds it', () => {
    const soup = fc.string({
      unit: fc.constantFrom('<', '>', '/', 'p', 'div', 'br', '甲', ' ', '=', '"', '&', ';', '\n'),
    });
    const hider = fc.constantFrom(
      (x: string) => `<script>${x}</script>`,
      (x: string) => `<style>${x}</style>`,
      (x: string) => `<span style="display:none">${x}</span>`,
      (x: string) => `<p hidden>${x}</p>`,
    );
    fc.assert(
      fc.property(soup, hider, soup, (before, hide, after) => {
        const html = `<div>${before.replace(/</g, '')}${hide('秘密')}${after.replace(/</g, '')}</div>`;
        for (const paragraph of htmlToParagraphs(html))
          assert.ok(!paragraph.includes('秘密'), html);
      }),
    );
  });
});

describe('chapter titles', () => {
  test('Chinese numbers parse', () => {
    assert.equal(parseChineseNumber('一百二十三'), 123);
    assert.equal(parseChineseNumber('十五'), 15);
    assert.equal(parseChineseNumber('一千零一'), 1001);
    assert.equal(parseChineseNumber('二万'), 20000);
    assert.equal(parseChineseNumber('二〇二四'), 2024);
    assert.equal(chapterNumberOf('第一百零八章 好汉'), 108);
    assert.equal(chapterNumberOf('序章'), undefined);
  });

  test('the repeated title at the top is removed, in any numbering or spacing', () => {
    const out = stripRepeatedTitle(['第1章　开端（1/2）', '正文第一段'], '第一章 开端');
    assert.deepEqual(out, { paragraphs: ['正文第一段'], removed: ['第1章　开端（1/2）'] });
    const perVolume = stripRepeatedTitle(['第2章 夜雨', '正文'], '第六十二章 夜雨');
    assert.deepEqual(perVolume.paragraphs, ['正文']);
    const withBook = stripRepeatedTitle(['临海 第二章 夜雨', '正文'], '第2章 夜雨', '临海');
    assert.deepEqual(withBook.paragraphs, ['正文']);
  });

  test('a sentence that merely starts like the title is kept', () => {
    const lines = ['夜雨下了一整夜，街上空无一人，只有打更的老人提着灯笼慢慢走过。'];
    assert.deepEqual(stripRepeatedTitle(lines, '夜雨').paragraphs, lines);
  });
});

describe(
  'real captured chapter pages',
  { skip: sharedDataSkip('novel-html/webnovelconverter') },
  () => {
    test('Royal Road: the chapter text, with paragraphs, and nothing of the page around it', async () => {
      const { readFileSync } = await import('node:fs');
      const { parseDocument, DomUtils } = await import('htmlparser2');
      const { default: render } = await import('dom-serializer');
      const page = readFileSync(
        sharedData('novel-html/webnovelconverter/RoyalRoadLPage1.html'),
        'utf8',
      );
      const content = DomUtils.findOne(
        (e) => /\bchapter-content\b/.test(e.attribs['class'] ?? ''),
        parseDocument(page).children,
      );
      assert.ok(content, 'chapter-content found');
      const paragraphs = htmlToParagraphs(render(content.children));
      assert.equal(paragraphs.length, 7, 'the prologue has seven paragraphs');
      assert.ok(
        paragraphs.at(-1)?.startsWith('He remembered a nervous green face looking up at him.'),
      );
      assert.ok(
        paragraphs.some((p) =>
          p.startsWith('Blood poured from the man’s wounds onto the cold ground beneath him.'),
        ),
        'the first line of the story',
      );
      for (const p of paragraphs) assert.ok(!/[<>]/.test(p) && !p.includes('function('), p);
      // The whole page: the chapter is in it, the scripts and styles are not.
      const whole = htmlToParagraphs(page).join('\n');
      assert.ok(whole.includes('Blood poured from the man’s wounds'), 'story in the page');
      assert.ok(!whole.includes('$.scrollUp') && !whole.includes('{ animation'), 'no script');
    });
  },
);
