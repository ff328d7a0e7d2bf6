import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { alignAll, alignTocs } from './index.ts';
import type { CanonicalChapter } from './index.ts';
import { makeBook, renderToc } from './synthetic-toc.ts';
import type { NumberStyle, RenderedToc } from './synthetic-toc.ts';

const styles: NumberStyle[] = ['chinese', 'arabic', 'dot', 'english', 'bare'];

/** Share of B's intact chapters that landed on the canonical chapter carrying A's copy. */
function recovered(chapters: readonly CanonicalChapter[], a: RenderedToc, b: RenderedToc): number {
  const truthA = new Map(a.entries.map((e, i) => [e.url, a.truth[i]]));
  const truthB = new Map(b.entries.map((e, i) => [e.url, b.truth[i]]));
  const idsByChapter = chapters.map((c) => ({
    a: c.links.filter((l) => l.listingId === 'A').map((l) => truthA.get(l.url)),
    b: c.links.filter((l) => l.listingId === 'B').map((l) => truthB.get(l.url)),
  }));
  let good = 0;
  for (const id of b.intact) {
    const chapter = idsByChapter.find((c) => c.b.includes(id));
    if (chapter?.a.includes(id)) good++;
  }
  return b.intact.size === 0 ? 1 : good / b.intact.size;
}

describe('alignment properties', () => {
  test('a TOC and a perturbed copy: ≥ 99% of unperturbed chapters find their counterpart', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 1, max: 1e9 }),
          size: fc.integer({ min: 20, max: 1200 }),
          styleA: fc.constantFrom(...styles.filter((s) => s !== 'bare')),
          styleB: fc.constantFrom(...styles),
          deleteRate: fc.double({ min: 0, max: 0.05, noNaN: true }),
          insertRate: fc.double({ min: 0, max: 0.03, noNaN: true }),
          renameRate: fc.double({ min: 0, max: 0.05, noNaN: true }),
          duplicateRate: fc.double({ min: 0, max: 0.03, noNaN: true }),
          latestBlock: fc.integer({ min: 0, max: 12 }),
        }),
        (p) => {
          const book = makeBook(p.size, p.seed);
          const a = renderToc(book, 'a.test', p.styleA, p.seed + 1);
          const b = renderToc(book, 'b.test', p.styleB, p.seed + 2, p);
          const { chapters } = alignAll([
            { listingId: 'A', entries: a.entries, seenAt: 1 },
            { listingId: 'B', entries: b.entries, seenAt: 2 },
          ]);
          const rate = recovered(chapters, a, b);
          assert.ok(rate >= 0.99, `recovered ${(rate * 100).toFixed(2)}%`);
          // Nothing is lost or linked twice: each B entry that is not a duplicate has one chapter.
          const bLinks = chapters.flatMap((c) => c.links.filter((l) => l.listingId === 'B'));
          assert.equal(new Set(bLinks.map((l) => l.url)).size, bLinks.length);
          assert.equal(new Set(chapters.map((c) => c.key)).size, chapters.length);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('existing keys never change when a merge inserts chapters anywhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 5, max: 400 }),
        fc.constantFrom(...styles),
        (seed, size, style) => {
          const book = makeBook(size, seed);
          const shown = book.slice(0, Math.ceil(size * 0.8));
          const a = renderToc(shown, 'a.test', 'arabic', seed + 1, { deleteRate: 0.1 });
          const b = renderToc(book, 'b.test', style, seed + 2, {
            insertRate: 0.1,
            deleteRate: 0.02,
          });
          const first = alignTocs([], { listingId: 'A', entries: a.entries, seenAt: 1 });
          const second = alignTocs(first.chapters, {
            listingId: 'B',
            entries: b.entries,
            seenAt: 2,
          });
          const byUrl = (chs: readonly CanonicalChapter[]) =>
            new Map(
              chs.flatMap((c) =>
                c.links.filter((l) => l.listingId === 'A').map((l) => [l.url, c.key]),
              ),
            );
          assert.deepEqual(byUrl(second.chapters), byUrl(first.chapters));
          // A re-poll of A with its newer chapters keeps every key too.
          const grown = renderToc(book, 'a.test', 'arabic', seed + 1, { deleteRate: 0.1 });
          const third = alignTocs(second.chapters, {
            listingId: 'A',
            entries: grown.entries,
            seenAt: 3,
          });
          const keysBefore = second.chapters.map((c) => c.key);
          assert.deepEqual(
            third.chapters.map((c) => c.key).filter((k) => keysBefore.includes(k)),
            keysBefore,
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  test('merging a listing again with the same TOC changes nothing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 1, max: 500 }),
        fc.constantFrom(...styles),
        (seed, size, style) => {
          const book = makeBook(size, seed);
          const a = renderToc(book, 'a.test', 'chinese', seed + 1, { deleteRate: 0.05 });
          const b = renderToc(book, 'b.test', style, seed + 2, {
            deleteRate: 0.05,
            insertRate: 0.05,
            renameRate: 0.05,
            duplicateRate: 0.05,
            latestBlock: 9,
          });
          const first = alignAll([
            { listingId: 'A', entries: a.entries, seenAt: 1 },
            { listingId: 'B', entries: b.entries, seenAt: 2 },
          ]);
          const again = alignTocs(first.chapters, {
            listingId: 'B',
            entries: b.entries,
            seenAt: 3,
          });
          assert.deepEqual(again.chapters, first.chapters);
          assert.deepEqual(again.added, []);
          assert.deepEqual(again.unlinked, []);
        },
      ),
      { numRuns: 60 },
    );
  });
});
