/** What taps, keys and swipes do in the reader (web/src/reader/reader-input.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keyAction, swipeOf, tapAction } from '../../web/src/reader/reader-input.ts';

test('tap zones: sides, forward (one-handed) and rows; the centre always shows the bars', () => {
  const grid = (layout: 'sides' | 'forward' | 'rows') =>
    [0.1, 0.5, 0.9].map((y) => [0.1, 0.5, 0.9].map((x) => tapAction(layout, x, y)[0]).join(''));
  // b = back, f = forward, m = menu; rows top to bottom.
  assert.deepEqual(grid('sides'), ['bmf', 'bmf', 'bmf']);
  assert.deepEqual(grid('forward'), ['fff', 'fmf', 'fff']);
  assert.deepEqual(grid('rows'), ['bbb', 'mmm', 'fff']);
});

test('a swipe is quick, sideways and long enough; leftwards goes on', () => {
  assert.equal(swipeOf({ dx: -120, dy: 10, ms: 200 }), 1);
  assert.equal(swipeOf({ dx: 120, dy: -10, ms: 200 }), -1);
  assert.equal(swipeOf({ dx: 60, dy: 0, ms: 200 }), undefined, 'too short');
  assert.equal(swipeOf({ dx: 200, dy: 80, ms: 200 }), undefined, 'a scroll, not a swipe');
  assert.equal(swipeOf({ dx: 200, dy: 0, ms: 900 }), undefined, 'too slow');
});

test('arrows turn pages in pages mode and chapters in scroll mode; Space and PageDown a page', () => {
  assert.equal(keyAction('ArrowRight', { paged: true, shift: false }), 'page-on');
  assert.equal(keyAction('ArrowRight', { paged: false, shift: false }), 'next-chapter');
  assert.equal(keyAction('ArrowLeft', { paged: false, shift: false }), 'previous-chapter');
  assert.equal(keyAction(' ', { paged: false, shift: true }), 'page-back');
  assert.equal(keyAction('PageDown', { paged: false, shift: false }), 'page-on');
  assert.equal(keyAction('a', { paged: true, shift: false }), undefined);
});
