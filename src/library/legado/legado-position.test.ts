import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChapterRecord } from '../ports.ts';
import { mapLegadoChapter } from './legado-position.ts';

function chapter(ordinal: number, title: string, links: Array<[number, number]>): ChapterRecord {
  return {
    id: ordinal + 1,
    bookId: 1,
    key: `k${ordinal}`,
    ordinal,
    title,
    normTitle: undefined,
    number: undefined,
    volume: undefined,
    volumeTitle: undefined,
    firstListingId: undefined,
    kind: 'chapter',
    isExtra: false,
    firstSeenAt: 0,
    links: links.map(([listingId, position]) => ({
      listingId,
      url: `u${ordinal}`,
      position,
      firstSeenAt: 0,
    })),
  };
}

// Listing 7 (Legado's source) carries a volume heading Linhai's canonical TOC does not count.
const chapters = [
  chapter(0, '第一章 启程', [[7, 1]]),
  chapter(1, '第二章 风暴', [[7, 2]]),
  chapter(2, '番外', [[7, 3]]),
  chapter(3, '第三章 归来', [[7, 4]]),
  chapter(4, '番外', [[7, 5]]),
];

test('the chapter title wins over the index', () => {
  const found = mapLegadoChapter(chapters, { title: '第二章 风暴', index: 4, listingId: 7 });
  assert.deepEqual([found?.chapter.key, found?.by], ['k1', 'title']);
});

test('a title that several chapters share picks the one nearest the index', () => {
  assert.equal(mapLegadoChapter(chapters, { title: '番外', index: 4 })?.chapter.key, 'k4');
  assert.equal(mapLegadoChapter(chapters, { title: '番外', index: 1 })?.chapter.key, 'k2');
});

test('no title: the index at the same source listing, else the canonical ordinal', () => {
  const atListing = mapLegadoChapter(chapters, { title: undefined, index: 4, listingId: 7 });
  assert.deepEqual([atListing?.chapter.key, atListing?.by], ['k3', 'index']);
  assert.equal(mapLegadoChapter(chapters, { title: '', index: 4 })?.chapter.key, 'k4');
  assert.equal(mapLegadoChapter(chapters, { title: '第九章 不在', index: 99 }), undefined);
  assert.equal(mapLegadoChapter([], { title: '第一章 启程', index: 0 }), undefined);
});
