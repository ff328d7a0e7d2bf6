/** Pages mode's and scroll mode's arithmetic (web/src/reader/page-maths.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  clampPage,
  firstVisible,
  pageCountOf,
  pageOfLeft,
  paragraphAtPage,
  scrollProgress,
  scrollStep,
  snapScroll,
  turnFrom,
} from '../../web/src/reader/page-maths.ts';

describe('pages mode', () => {
  test('a box n pages wide holds n pages; a rounding pixel or an empty box changes nothing', () => {
    assert.equal(pageCountOf(1500, 500), 3);
    assert.equal(pageCountOf(1501, 500), 3);
    assert.equal(pageCountOf(1499.4, 500), 3);
    assert.equal(pageCountOf(0, 500), 1);
    assert.equal(pageCountOf(1000, 0), 1, 'a box not laid out yet');
  });

  test('a page index stays within the chapter', () => {
    assert.equal(clampPage(-1, 3), 0);
    assert.equal(clampPage(5, 3), 2);
    assert.equal(clampPage(1, 3), 1);
  });

  test('an element starts on the page its left edge falls in, counted from page 0’s edge', () => {
    // The article scrolled to page 2 of 500 px pages: page 0's edge is 1000 px off to the left.
    const origin = 10 - 1000;
    assert.equal(pageOfLeft(10, origin, 500), 2);
    assert.equal(pageOfLeft(509, origin, 500), 2);
    assert.equal(pageOfLeft(510, origin, 500), 3);
    assert.equal(pageOfLeft(-2000, origin, 500), 0, 'never before page 0');
  });

  test('the paragraph at the top of a page: the first starting on it, else the one carried over', () => {
    const starts = [
      { index: 0, page: 0 },
      { index: 1, page: 0 },
      { index: 2, page: 1 },
      { index: 3, page: 3 }, // paragraph 2 fills pages 1 and 2
      { index: 4, page: 3 },
    ];
    assert.equal(paragraphAtPage(starts, 0), 0);
    assert.equal(paragraphAtPage(starts, 1), 2);
    assert.equal(paragraphAtPage(starts, 2), 2, 'a page inside a long paragraph');
    assert.equal(paragraphAtPage(starts, 3), 3);
    assert.equal(paragraphAtPage(starts, 9), 4, 'past the end: the last paragraph');
    assert.equal(paragraphAtPage([], 0), 0);
  });

  test('opening the paragraph at the top of any page opens that page', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 40 }),
        (gaps) => {
          // Paragraphs start on non-decreasing pages (gaps of 0 share a page).
          let page = 0;
          const starts = gaps.map((gap, index) => ({
            index,
            page: index === 0 ? 0 : (page += gap),
          }));
          const pageOf = (index: number) => starts[index]!.page;
          for (let p = 0; p <= page; p += 1) {
            const top = paragraphAtPage(starts, p);
            assert.ok(pageOf(top) <= p, 'the paragraph shown starts on or before the page');
            const next = starts.find((s) => s.index === top + 1);
            assert.ok(next === undefined || next.page >= p, 'no later paragraph starts before it');
          }
        },
      ),
    );
  });

  test('a scroll snaps to the nearest page and says whether it sat on the edge', () => {
    assert.deepEqual(snapScroll(1000, 500), { page: 2, aligned: true });
    assert.deepEqual(snapScroll(1000.8, 500), { page: 2, aligned: true });
    assert.deepEqual(snapScroll(1120, 500), { page: 2, aligned: false });
    assert.deepEqual(snapScroll(1300, 500), { page: 3, aligned: false });
  });

  test('turning past the last page opens the next chapter; before the first, the previous', () => {
    assert.deepEqual(turnFrom(0, 3, 1), { kind: 'page', page: 1 });
    assert.deepEqual(turnFrom(2, 3, 1), { kind: 'next' });
    assert.deepEqual(turnFrom(0, 3, -1), { kind: 'previous' });
    assert.deepEqual(turnFrom(2, 3, -1), { kind: 'page', page: 1 });
  });
});

describe('scroll mode', () => {
  test('a screen on keeps two lines of the last screen in view', () => {
    const step = scrollStep({ windowHeight: 800, topInset: 56, fontSize: 19, lineHeight: 1.8 });
    assert.ok(Math.abs(step - (800 - 56 - 19 * 1.8 * 2)) < 1e-9);
    assert.equal(
      scrollStep({ windowHeight: 100, topInset: 56, fontSize: 30, lineHeight: 2 }),
      30,
      'a tiny window still moves a line',
    );
  });

  test('the current paragraph is the first whose bottom is below the bar', () => {
    assert.equal(firstVisible([-300, 20, 58, 400], 56), 3, '2 px under the bar is not yet in view');
    assert.equal(firstVisible([-300, 61, 400], 56), 1);
    assert.equal(firstVisible([-300, -100], 56), 1, 'all above: the last');
    assert.equal(firstVisible([], 56), 0);
  });

  test('progress through a chapter in whole percent', () => {
    assert.equal(scrollProgress(0, 3000, 800), 0);
    assert.equal(scrollProgress(1100, 3000, 800), 50);
    assert.equal(scrollProgress(2200, 3000, 800), 100);
    assert.equal(scrollProgress(0, 600, 800), 100, 'a chapter shorter than the screen');
  });
});
