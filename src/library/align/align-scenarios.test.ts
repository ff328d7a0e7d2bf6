import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { alignAll, alignTocs, resolvePosition } from './index.ts';
import type { CanonicalChapter, IncomingToc } from './index.ts';

/** A compact, exact picture of a merged TOC: one line per chapter. */
function view(chapters: readonly CanonicalChapter[]): string[] {
  return chapters.map((c) => {
    const links = c.links
      .map((l) => `${l.listingId}:${l.url}@${l.position}/${l.firstSeenAt}`)
      .join(' ');
    const flags = [c.kind, c.extra ? 'extra' : '', c.volume !== undefined ? `v${c.volume}` : '']
      .filter(Boolean)
      .join(',');
    return `${c.ordinal} ${c.title} [${flags}] ${links} first=${c.firstListingId}@${c.firstSeenAt}`;
  });
}

const toc = (
  listingId: string,
  seenAt: number,
  titles: string[],
  url = (i: number) => `${i}`,
): IncomingToc => ({
  listingId,
  seenAt,
  entries: titles.map((title, i) => ({ title, url: `${listingId.toLowerCase()}/${url(i)}` })),
});

describe('alignment scenarios', () => {
  test('two sources with different numbering styles', () => {
    const r = alignAll([
      toc('A', 1000, ['第1章 风起', '第2章 云涌', '第3章 少年']),
      toc('B', 2000, ['第一章 风起', '第二章 云涌', '第三章 少年']),
    ]);
    assert.deepEqual(view(r.chapters), [
      '0 第1章 风起 [chapter] A:a/0@0/1000 B:b/0@0/2000 first=A@1000',
      '1 第2章 云涌 [chapter] A:a/1@1/1000 B:b/1@1/2000 first=A@1000',
      '2 第3章 少年 [chapter] A:a/2@2/1000 B:b/2@2/2000 first=A@1000',
    ]);
    assert.equal(r.matched, 3);
  });

  test("numeric listing ids (the store's row ids) work the same", () => {
    const r = alignAll([
      { listingId: 7, seenAt: 1, entries: [{ title: '第1章 风起', url: 'x/1' }] },
      { listingId: 9, seenAt: 2, entries: [{ title: '第一章 风起', url: 'y/1' }] },
    ]);
    assert.deepEqual(
      r.chapters.map((c) => [c.firstListingId, c.links.map((l) => l.listingId)]),
      [[7, [7, 9]]],
    );
  });

  test('Arabic, Chinese, "123." and English styles all land on one chapter', () => {
    const r = alignAll([
      toc('A', 1, ['第1章 The Gate', '第2章 The Road']),
      toc('B', 2, ['1. The Gate', '2. The Road']),
      toc('C', 3, ['Chapter 1: The Gate', 'Chapter 2: The Road']),
      toc('D', 4, ['第一章 The Gate', '第二章 The Road']),
    ]);
    assert.deepEqual(
      r.chapters.map((c) => c.links.map((l) => l.url).join(',')),
      ['a/0,b/0,c/0,d/0', 'a/1,b/1,c/1,d/1'],
    );
  });

  test('a source missing chapters', () => {
    const r = alignAll([
      toc('A', 1000, ['第1章 风起', '第2章 云涌', '第3章 少年', '第4章 江湖']),
      toc('B', 2000, ['第1章 风起', '第3章 少年', '第4章 江湖']),
    ]);
    assert.deepEqual(view(r.chapters), [
      '0 第1章 风起 [chapter] A:a/0@0/1000 B:b/0@0/2000 first=A@1000',
      '1 第2章 云涌 [chapter] A:a/1@1/1000 first=A@1000',
      '2 第3章 少年 [chapter] A:a/2@2/1000 B:b/1@1/2000 first=A@1000',
      '3 第4章 江湖 [chapter] A:a/3@3/1000 B:b/2@2/2000 first=A@1000',
    ]);
  });

  test('a source with an extra announcement chapter keeps it, marked extra, without breaking alignment', () => {
    const r = alignAll([
      toc('A', 1000, ['第1章 风起', '第2章 云涌', '第3章 少年']),
      toc('B', 2000, ['第1章 风起', '第2章 云涌', '请假条', '第3章 少年']),
    ]);
    assert.deepEqual(view(r.chapters), [
      '0 第1章 风起 [chapter] A:a/0@0/1000 B:b/0@0/2000 first=A@1000',
      '1 第2章 云涌 [chapter] A:a/1@1/1000 B:b/1@1/2000 first=A@1000',
      '2 请假条 [announcement,extra] B:b/2@2/2000 first=B@2000',
      '3 第3章 少年 [chapter] A:a/2@2/1000 B:b/3@3/2000 first=A@1000',
    ]);
  });

  test('an announcement two sources carry is no longer extra', () => {
    const r = alignAll([
      toc('A', 1, ['第1章 风起', '上架感言', '第2章 云涌']),
      toc('B', 2, ['第1章 风起', '上架感言', '第2章 云涌']),
    ]);
    assert.deepEqual(
      r.chapters.map((c) => [c.title, c.kind, c.extra, c.links.length]),
      [
        ['第1章 风起', 'chapter', false, 2],
        ['上架感言', 'announcement', false, 2],
        ['第2章 云涌', 'chapter', false, 2],
      ],
    );
  });

  test('a volume restart: per-volume numbering aligns with continuous numbering', () => {
    const r = alignAll([
      toc('A', 1000, ['第1章 风起', '第2章 云涌', '第3章 少年', '第4章 江湖', '第5章 夜雨']),
      toc('B', 2000, [
        '第一卷 初入江湖',
        '第1章 风起',
        '第2章 云涌',
        '第3章 少年',
        '第二卷 剑气长歌',
        '第1章 江湖',
        '第2章 夜雨',
      ]),
    ]);
    assert.deepEqual(view(r.chapters), [
      '0 第1章 风起 [chapter,v1] A:a/0@0/1000 B:b/1@0/2000 first=A@1000',
      '1 第2章 云涌 [chapter,v1] A:a/1@1/1000 B:b/2@1/2000 first=A@1000',
      '2 第3章 少年 [chapter,v1] A:a/2@2/1000 B:b/3@2/2000 first=A@1000',
      '3 第4章 江湖 [chapter,v2] A:a/3@3/1000 B:b/5@3/2000 first=A@1000',
      '4 第5章 夜雨 [chapter,v2] A:a/4@4/1000 B:b/6@4/2000 first=A@1000',
    ]);
    assert.equal(r.chapters[3]!.volumeTitle, '第二卷 剑气长歌');
  });

  test('a volume restart with untitled chapters aligns by volume and number', () => {
    const r = alignAll([
      toc('B', 1, ['第一卷', '第1章', '第2章', '第二卷', '第1章', '第2章']),
      toc('C', 2, ['第一卷', '第一章', '第二章', '第二卷', '第一章', '第二章']),
    ]);
    assert.deepEqual(
      r.chapters.map((c) => `${c.volume}/${c.number} ${c.links.map((l) => l.url).join(',')}`),
      ['1/1 b/1,c/1', '1/2 b/2,c/2', '2/1 b/4,c/4', '2/2 b/5,c/5'],
    );
  });

  test('a renamed chapter (same number, different title) aligns by number and position', () => {
    const r = alignAll([
      toc('A', 1000, ['第1章 风起', '第2章 云涌', '第3章 少年']),
      toc('B', 2000, ['第1章 风起', '第2章 大雨倾盆', '第3章 少年']),
    ]);
    assert.deepEqual(view(r.chapters), [
      '0 第1章 风起 [chapter] A:a/0@0/1000 B:b/0@0/2000 first=A@1000',
      '1 第2章 云涌 [chapter] A:a/1@1/1000 B:b/1@1/2000 first=A@1000',
      '2 第3章 少年 [chapter] A:a/2@2/1000 B:b/2@2/2000 first=A@1000',
    ]);
  });

  test('decorated titles ("(求月票)", traditional script, full-width digits) still match', () => {
    const r = alignAll([
      toc('A', 1, ['第1章 风起云涌', '第2章 少年江湖']),
      toc('B', 2, ['第１章 風起雲湧（求月票）', '第２章 少年江湖【二合一】']),
    ]);
    assert.deepEqual(
      r.chapters.map((c) => c.links.map((l) => l.url).join(',')),
      ['a/0,b/0', 'a/1,b/1'],
    );
  });

  test('duplicated entries (biquge repeats the latest chapters at the top) are dropped', () => {
    const b = toc('B', 2000, [
      '第3章 少年',
      '第2章 云涌',
      '第1章 风起',
      '第2章 云涌',
      '第3章 少年',
    ]);
    // The repeated block links the same pages as the list below it.
    const entries = b.entries.map((e, i) => (i < 2 ? { ...e, url: `b/${4 - i}` } : e));
    const r = alignAll([
      toc('A', 1000, ['第1章 风起', '第2章 云涌', '第3章 少年']),
      { ...b, entries },
    ]);
    assert.equal(r.duplicates, 2);
    assert.deepEqual(view(r.chapters), [
      '0 第1章 风起 [chapter] A:a/0@0/1000 B:b/2@0/2000 first=A@1000',
      '1 第2章 云涌 [chapter] A:a/1@1/1000 B:b/3@1/2000 first=A@1000',
      '2 第3章 少年 [chapter] A:a/2@2/1000 B:b/4@2/2000 first=A@1000',
    ]);
  });

  test('duplicated numbered titles with different URLs keep the later one; unnumbered repeats stay', () => {
    const r = alignTocs([], {
      listingId: 'A',
      seenAt: 1,
      entries: [
        { title: '第2章 云涌', url: 'top/2' },
        { title: '第1章 风起', url: 'a/1' },
        { title: '请假一天', url: 'a/n1' },
        { title: '第2章 云涌', url: 'a/2' },
        { title: '请假一天', url: 'a/n2' },
      ],
    });
    assert.deepEqual(
      r.chapters.map((c) => `${c.title} ${c.links[0]!.url}`),
      ['第1章 风起 a/1', '请假一天 a/n1', '第2章 云涌 a/2', '请假一天 a/n2'],
    );
    assert.equal(r.duplicates, 1);
  });

  test('adjacent chapters with the same title and different URLs are both kept (Legado keeps both)', () => {
    // 书趣阁's real TOC of 修真聊天群 lists "第420章 想要纵横无数战场而不败吗？" twice in a row,
    // on 7061887.html and 7061888.html; a repeat of the same URL is still one chapter.
    const r = alignTocs([], {
      listingId: 'A',
      seenAt: 1,
      entries: [
        { title: '第419章 风起', url: 'a/419' },
        { title: '第420章 云涌', url: 'a/420' },
        { title: '第420章 云涌', url: 'a/420b' },
        { title: '第421章 少年', url: 'a/421' },
        { title: '第421章 少年', url: 'a/421' },
      ],
    });
    assert.deepEqual(
      r.chapters.map((c) => `${c.title} ${c.links[0]!.url}`),
      ['第419章 风起 a/419', '第420章 云涌 a/420', '第420章 云涌 a/420b', '第421章 少年 a/421'],
    );
    assert.equal(r.duplicates, 1);
    assert.equal(new Set(r.chapters.map((c) => c.key)).size, 4);
  });

  test('untitled chapters of a volume that restarts numbering without a heading are kept', () => {
    const titles = [
      ...Array.from({ length: 40 }, (_, i) => `第${i + 1}章`),
      ...Array.from({ length: 40 }, (_, i) => `第${i + 1}章`),
    ];
    const r = alignTocs([], toc('A', 1, titles));
    assert.equal(r.chapters.length, 80);
    assert.equal(r.duplicates, 0);
  });

  test('entries sharing a placeholder URL but not their title are all kept', () => {
    const r = alignTocs([], {
      listingId: 'A',
      seenAt: 1,
      entries: [
        { title: '第1章 风起', url: 'a/1' },
        { title: '第2章 云涌（VIP）', url: '#' },
        { title: '第3章 少年（VIP）', url: '#' },
      ],
    });
    assert.deepEqual(
      r.chapters.map((c) => c.number),
      [1, 2, 3],
    );
    assert.equal(r.duplicates, 0);
    assert.equal(new Set(r.chapters.map((c) => c.key)).size, 3);
  });

  test('new chapters from a later poll extend the list; freshness records who showed them first', () => {
    let r = alignAll([
      toc('A', 1000, ['第1章 风起', '第2章 云涌']),
      toc('B', 2000, ['第1章 风起', '第2章 云涌', '第3章 少年']),
    ]);
    r = alignTocs(
      r.chapters,
      toc('A', 3000, ['第1章 风起', '第2章 云涌', '第3章 少年', '第4章 江湖']),
    );
    assert.deepEqual(view(r.chapters), [
      '0 第1章 风起 [chapter] A:a/0@0/1000 B:b/0@0/2000 first=A@1000',
      '1 第2章 云涌 [chapter] A:a/1@1/1000 B:b/1@1/2000 first=A@1000',
      '2 第3章 少年 [chapter] B:b/2@2/2000 A:a/2@2/3000 first=B@2000',
      '3 第4章 江湖 [chapter] A:a/3@3/3000 first=A@3000',
    ]);
    // Polling again keeps the first-seen times of links it already had.
    const again = alignTocs(
      r.chapters,
      toc('A', 4000, ['第1章 风起', '第2章 云涌', '第3章 少年', '第4章 江湖']),
    );
    assert.deepEqual(view(again.chapters), view(r.chapters));
    assert.deepEqual(again.added, []);
    assert.equal(again.matched, 4);
  });

  test('a listing that drops a chapter loses its link; the chapter stays for the others', () => {
    const first = alignAll([
      toc('A', 1, ['第1章 风起', '第2章 云涌', '第3章 少年']),
      toc('B', 2, ['第1章 风起', '第2章 云涌', '第3章 少年']),
    ]);
    const r = alignTocs(first.chapters, {
      listingId: 'A',
      seenAt: 3,
      entries: [
        { title: '第1章 风起', url: 'a/0' },
        { title: '第3章 少年', url: 'a/2' },
      ],
    });
    assert.deepEqual(r.unlinked, [first.chapters[1]!.key]);
    assert.deepEqual(
      r.chapters.map((c) => c.links.map((l) => `${l.listingId}:${l.url}@${l.position}`).join(' ')),
      ['A:a/0@0 B:b/0@0', 'B:b/1@1', 'A:a/2@1 B:b/2@2'],
    );
  });
});

describe('stable keys and reading positions', () => {
  test('chapters inserted before existing ones do not change existing keys', () => {
    const a = alignTocs([], toc('A', 1, ['第1章 风起', '第2章 云涌', '第3章 少年']));
    const keys = a.chapters.map((c) => c.key);
    assert.equal(new Set(keys).size, 3);
    const b = alignTocs(
      a.chapters,
      toc('B', 2, ['楔子', '第1章 风起', '上架感言', '第2章 云涌', '第3章 少年']),
    );
    assert.deepEqual(
      b.chapters.map((c) => c.title),
      ['楔子', '第1章 风起', '上架感言', '第2章 云涌', '第3章 少年'],
    );
    assert.deepEqual(
      b.chapters.filter((c) => c.links.some((l) => l.listingId === 'A')).map((c) => c.key),
      keys,
    );
    assert.deepEqual(b.added.length, 2);
    assert.ok(b.added.every((k) => !keys.includes(k)));
  });

  test('keys are deterministic: the same merges give the same keys', () => {
    const run = () =>
      alignAll([
        toc('A', 1, ['第1章 风起', '第2章 云涌']),
        toc('B', 2, ['序章', '第1章 风起', '第2章 云涌']),
      ]).chapters.map((c) => c.key);
    assert.deepEqual(run(), run());
  });

  test('a reading position survives a re-alignment that inserts chapters before it', () => {
    const first = alignAll([toc('A', 1, ['第1章 风起', '第2章 云涌', '第3章 少年', '第4章 江湖'])]);
    const reading = first.chapters[2]!; // 第3章 少年
    const position = { key: reading.key, title: reading.title };
    const later = alignTocs(
      first.chapters,
      toc('B', 2, [
        '楔子',
        '第1章 风起',
        '请假条',
        '第2章 云涌',
        '单章 感谢盟主',
        '第3章 少年',
        '第4章 江湖',
      ]),
    );
    const found = resolvePosition(later.chapters, position);
    assert.ok(found);
    assert.equal(found.key, reading.key);
    assert.equal(found.title, '第3章 少年');
    assert.equal(found.ordinal, 5);
    assert.deepEqual(
      found.links.map((l) => l.url),
      ['a/2', 'b/5'],
    );
  });

  test('a position whose key is gone falls back to its title, then its number', () => {
    const r = alignAll([toc('A', 1, ['第1章 风起', '第2章 云涌', '第3章'])]);
    assert.equal(
      resolvePosition(r.chapters, { key: 'gone', title: '第二章 云涌' })?.title,
      '第2章 云涌',
    );
    assert.equal(
      resolvePosition(r.chapters, { key: 'gone', title: '3. 别的名字' })?.title,
      '第3章',
    );
    assert.equal(resolvePosition(r.chapters, { key: 'gone' }), undefined);
  });
});
