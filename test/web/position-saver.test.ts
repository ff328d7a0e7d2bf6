/** Reading positions: the maths (web/src/reader/position.ts) and the saving (position-saver.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { paragraphOf, positionAt } from '../../web/src/reader/position.ts';
import type { SavedPosition } from '../../web/src/reader/position.ts';
import { createPositionSaver } from '../../web/src/reader/position-saver.ts';

describe('position maths', () => {
  const paragraphs = ['第一段文字。', '第二段，稍长一些的文字。', '', '第四段。'];

  test('a paragraph’s position counts the characters before it, joined by newlines', () => {
    const at = positionAt('c1', paragraphs, 1);
    assert.equal(at.offsetChars, paragraphs[0]!.length + 1);
    assert.equal(at.anchor, paragraphs[1]!.slice(0, 16));
    assert.equal(positionAt('c1', paragraphs, 0).offsetChars, 0);
  });

  test('every paragraph’s position finds that paragraph again', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 1, maxLength: 40 }), { minLength: 1 }),
        (texts) => {
          const unique = [...new Set(texts)].map((t, i) => `${i}:${t}`);
          for (let i = 0; i < unique.length; i += 1)
            assert.equal(paragraphOf(unique, positionAt('k', unique, i)), i);
        },
      ),
    );
  });

  test('text that moved is found by its anchor; the offset decides when the anchor is gone', () => {
    const saved = positionAt('c1', paragraphs, 3);
    const edited = ['新加的一段。', ...paragraphs];
    assert.equal(paragraphOf(edited, saved), 4, 'by the anchor');
    assert.equal(paragraphOf(['x'.repeat(100)], { offsetChars: 50, anchor: 'gone' }), 0);
    assert.equal(paragraphOf(['a', 'b'], { offsetChars: 999, anchor: '' }), 1, 'past the end');
  });
});

describe('saving the position', () => {
  /** A saver on a hand-driven timer, with what it sent and kept. */
  function harness(options: { failing?: boolean } = {}) {
    const sent: { position: SavedPosition; keepalive: boolean }[] = [];
    const kept: SavedPosition[] = [];
    let due: (() => void) | undefined;
    const saver = createPositionSaver({
      put: async (position, keepalive) => {
        sent.push({ position, keepalive });
        if (options.failing) throw new Error('offline');
      },
      keepLocal: (position) => kept.push(position),
      setTimer: (run) => (due = run),
      clearTimer: () => (due = undefined),
    });
    const fire = async () => {
      const run = due;
      due = undefined;
      run?.();
      await new Promise((resolve) => setImmediate(resolve));
    };
    return { saver, sent, kept, fire, pending: () => due !== undefined };
  }
  const at = (offsetChars: number, chapterKey = 'c1'): SavedPosition => ({
    chapterKey,
    offsetChars,
    anchor: `a${offsetChars}`,
    readAt: 0,
  });

  test('each move is kept on the device at once; the server hears only where reading stopped', async () => {
    const { saver, sent, kept, fire } = harness();
    saver.note(at(10));
    saver.note(at(20));
    saver.note(at(30));
    assert.equal(kept.length, 3);
    assert.equal(sent.length, 0);
    await fire();
    assert.deepEqual(
      sent.map((s) => s.position.offsetChars),
      [30],
    );
  });

  test('the same place is not sent twice; a new chapter is', async () => {
    const { saver, sent, fire, pending } = harness();
    saver.note(at(30), true);
    await fire();
    saver.note(at(30));
    assert.equal(pending(), false, 'nothing to send');
    saver.note(at(30, 'c2'), true);
    await fire();
    assert.deepEqual(
      sent.map((s) => s.position.chapterKey),
      ['c1', 'c2'],
    );
  });

  test('leaving sends at once with keepalive; a book on no shelf is never sent', async () => {
    const { saver, sent, kept } = harness();
    saver.note(at(5));
    await saver.flush(true);
    assert.deepEqual(sent, [{ position: at(5), keepalive: true }]);
    saver.setOnShelf(false);
    saver.note(at(50), true);
    await saver.flush(true);
    assert.equal(sent.length, 1, 'a preview stays on this device');
    assert.equal(kept.at(-1)?.offsetChars, 50);
  });

  test('a failed send is tried again with the next move to the same place', async () => {
    const { saver, sent } = harness({ failing: true });
    saver.note(at(7), true);
    await new Promise((resolve) => setImmediate(resolve));
    saver.note(at(7), true);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(sent.length, 2);
  });
});
