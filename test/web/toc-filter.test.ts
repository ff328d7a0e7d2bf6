/** The reader's chapter drawer: numbering, finding by words or number, volumes, reverse order. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TocItem } from '../../web/src/api/types.ts';
import { chapterByNumber, numberChapters, tocRows } from '../../web/src/reader/toc-filter.ts';

const chineseNumeral = (n: number): string => {
  const d = '零一二三四五六七八九';
  if (n < 10) return d[n]!;
  if (n < 20) return `十${n % 10 ? d[n % 10] : ''}`;
  if (n < 100) return `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ''}`;
  const rest = n % 100;
  return `${d[Math.floor(n / 100)]}百${rest === 0 ? '' : rest < 10 ? `零${d[rest]}` : rest < 20 ? `一${chineseNumeral(rest)}` : chineseNumeral(rest)}`;
};

/** 300 story chapters in three volumes, with an author's note after chapter 100. */
function book(): TocItem[] {
  const toc: TocItem[] = [];
  let ordinal = 0;
  for (let n = 1; n <= 300; n++) {
    const volumeTitle = `第${chineseNumeral(Math.ceil(n / 100))}卷`;
    toc.push({
      key: `c${n}`,
      ordinal: ordinal++,
      title: `第${chineseNumeral(n)}章 ${n % 7 === 0 ? '夜雨' : '山行'}`,
      volumeTitle,
      isExtra: false,
      note: false,
      sources: 2,
      firstSeenAt: 0,
    });
    if (n === 100)
      toc.push({
        key: 'note',
        ordinal: ordinal++,
        title: '上架感言',
        volumeTitle,
        isExtra: false,
        note: true,
        sources: 1,
        firstSeenAt: 0,
      });
  }
  return toc;
}

describe('the chapter drawer', () => {
  const toc = book();

  test('story chapters are numbered from 1; an author’s note has no number', () => {
    const numbers = numberChapters(toc);
    assert.equal(numbers.get('c1'), 1);
    assert.equal(numbers.get('c101'), 101, 'the note before it does not shift the count');
    assert.equal(numbers.get('note'), undefined);
    assert.equal(numbers.size, 300);
  });

  test('a number finds that story chapter, in digits or Chinese numerals', () => {
    for (const query of ['200', '第200章', '第二百章', '二百', '２００'])
      assert.equal(chapterByNumber(toc, query)?.key, 'c200', query);
    assert.equal(chapterByNumber(toc, '301'), undefined);
    assert.equal(chapterByNumber(toc, '0'), undefined);
    assert.equal(chapterByNumber(toc, '夜雨'), undefined);
  });

  test('property: every chapter number n written either way finds chapter n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), (n) => {
        assert.equal(chapterByNumber(toc, String(n))?.key, `c${n}`);
        assert.equal(chapterByNumber(toc, `第${chineseNumeral(n)}章`)?.key, `c${n}`);
      }),
    );
  });

  test('words filter titles; volume headings stay above their chapters; reversed reads backwards', () => {
    const rows = tocRows(toc, { query: '夜雨' });
    const chapters = rows.flatMap((r) => (r.kind === 'chapter' ? [r.item.key] : []));
    assert.equal(chapters.length, 42);
    assert.ok(chapters.every((k) => Number(k.slice(1)) % 7 === 0));
    assert.deepEqual(
      rows.filter((r) => r.kind === 'volume').map((r) => (r.kind === 'volume' ? r.title : '')),
      ['第一卷', '第二卷', '第三卷'],
    );
    const all = tocRows(toc);
    assert.equal(all.length, 301 + 3);
    const reversed = tocRows(toc, { reversed: true });
    assert.deepEqual(reversed[0], { kind: 'volume', title: '第三卷' });
    assert.equal(reversed[1]?.kind === 'chapter' && reversed[1].item.key, 'c300');
    assert.equal(
      tocRows(toc, { query: '200' }).some((r) => r.kind === 'chapter' && r.item.key === 'c200'),
      true,
      'a number matches its chapter even when the title spells it in Chinese',
    );
  });
});
