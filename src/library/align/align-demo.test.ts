// Alignment of the demo catalogue's books as its sites list them: biquge (第123章, with 上架感言
// and 请假条), paged (第一百二十三章, about one chapter in forty missing), json (volumes whose
// numbering restarts at 1) and english (Chapter 12 - name). The catalogue knows which true
// chapter every row is, so every link can be checked.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue } from '#demo';
import type { DemoTemplate } from '#demo';
import { alignAll } from './index.ts';
import type { IncomingToc } from './index.ts';

function listing(template: DemoTemplate, bookId: number, seenAt: number): IncomingToc {
  return {
    listingId: template,
    seenAt,
    entries: catalogue
      .siteToc(template, bookId)
      .map((e) => ({ title: e.title, url: `${template}/${bookId}/${e.key}` })),
  };
}

/** The site-local key of a link: c12 = true chapter 12, x0 = extra chapter 0. */
const siteKey = (url: string) => url.slice(url.lastIndexOf('/') + 1);

describe('alignment on the demo catalogue', () => {
  const books = catalogue.books().filter((b) => b.carriedBy.length >= 2);
  assert.ok(books.length >= 3, 'the catalogue has books on several sites');

  for (const book of books) {
    const templates = book.carriedBy;
    test(`${book.title} on ${templates.join(', ')}`, () => {
      const result = alignAll(templates.map((t, i) => listing(t, book.id, 1000 * (i + 1))));
      const count = book.publishedCount(Infinity);
      const extras = templates.includes('biquge')
        ? catalogue.siteToc('biquge', book.id).filter((e) => e.kind === 'extra')
        : [];
      assert.equal(
        result.chapters.length,
        count + extras.length,
        'one chapter per true chapter and extra',
      );

      let lastIndex = -1;
      const seen = new Set<number>();
      for (const chapter of result.chapters) {
        const keys = new Set(chapter.links.map((l) => siteKey(l.url)));
        assert.equal(
          keys.size,
          1,
          `${chapter.title}: every link is the same true chapter (${[...keys]})`,
        );
        const key = [...keys][0]!;
        if (key.startsWith('x')) {
          assert.equal(chapter.kind, 'announcement', chapter.title);
          assert.equal(chapter.extra, true, chapter.title);
          continue;
        }
        const index = Number(key.slice(1));
        assert.ok(index > lastIndex, `${chapter.title} is in reading order`);
        lastIndex = index;
        seen.add(index);
        // Every template that shows this chapter links it here.
        const expected = templates.filter(
          (t) => !(t === 'paged' && catalogue.missingOnPaged(book.id, index)),
        );
        assert.deepEqual(
          chapter.links.map((l) => l.listingId).sort(),
          [...expected].sort(),
          `${chapter.title} links`,
        );
        assert.equal(chapter.firstListingId, expected[0], `${chapter.title} first seen`);
      }
      assert.equal(seen.size, count);
      // The extras sit right after the chapter they follow.
      for (const extra of extras) {
        const at = result.chapters.findIndex((c) => c.title === extra.title);
        const before = result.chapters[at - 1]!;
        const k = Number(extra.key.slice(1));
        assert.equal(
          siteKey(before.links[0]!.url),
          `c${catalogue.extraChapter(book.id, k).after}`,
          `${extra.title} position`,
        );
      }
    });
  }
});
