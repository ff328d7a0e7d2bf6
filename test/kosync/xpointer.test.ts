/** The XPointer mapping and KOReader's document digest, as properties over generated input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  formatXPointer,
  offsetInChapter,
  paragraphAt,
  parseXPointer,
} from '../../src/server/kosync/xpointer.ts';
import { partialMd5 } from '../../src/server/opds/document-digest.ts';

test('XPointers KOReader writes for Linhai EPUBs are read as chapter, paragraph and offset', () => {
  assert.deepEqual(parseXPointer('/body/DocFragment[12]/body/section/p[3]/text().15'), {
    chapter: 10,
    paragraph: 2,
    offset: 15,
  });
  // The brief's shape (no section) and a bare <p> (first of its kind).
  assert.deepEqual(parseXPointer('/body/DocFragment[12]/body/p[3]/text().0'), {
    chapter: 10,
    paragraph: 2,
    offset: 0,
  });
  assert.deepEqual(parseXPointer('/body/DocFragment[2]/body/section/p/text().4'), {
    chapter: 0,
    paragraph: 0,
    offset: 4,
  });
  assert.deepEqual(parseXPointer('/body/DocFragment[5]/body/section/h1/text().0'), {
    chapter: 3,
    paragraph: undefined,
    offset: 0,
  });
  assert.deepEqual(parseXPointer('/body/DocFragment[1]/body/section/p[2]/text().0')?.chapter, -1);
  assert.equal(parseXPointer('42'), undefined, 'a PDF page number is no XPointer');
  assert.equal(parseXPointer(''), undefined);
});

test('formatting then parsing an XPointer gives the point back', () => {
  fc.assert(
    fc.property(
      fc.nat(5000),
      fc.option(fc.nat(500), { nil: undefined }),
      fc.nat(2000),
      (chapter, paragraph, offset) => {
        const point = { chapter, paragraph, offset: paragraph === undefined ? 0 : offset };
        assert.deepEqual(parseXPointer(formatXPointer(point)), point);
      },
    ),
  );
});

test('parsing never throws on arbitrary text', () => {
  fc.assert(
    fc.property(fc.string(), (text) => {
      parseXPointer(text);
      parseXPointer(`/body/DocFragment[3]${text}`);
    }),
  );
});

test('a character offset and its paragraph position convert both ways', () => {
  fc.assert(
    fc.property(
      fc.array(fc.string({ maxLength: 40 }), { minLength: 1, maxLength: 20 }),
      fc.nat(1000),
      (paragraphs, wanted) => {
        const total = paragraphs.join('\n').length;
        const offset = Math.min(wanted, total);
        const { paragraph, offset: within } = paragraphAt(paragraphs, offset);
        const back = offsetInChapter(paragraphs, paragraph, within);
        // An offset on a line break lands at the end of the paragraph before it.
        assert.ok(back === offset || (back === offset - 1 && paragraphs.join('\n')[back] === '\n'));
      },
    ),
  );
});

test("KOReader's partial MD5 samples 1 KiB at 0 and 1024·4^i", () => {
  const md5 = (data: Uint8Array) => createHash('md5').update(data).digest('hex');
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 1024 }), (bytes) => {
      assert.equal(partialMd5(bytes), md5(bytes), 'a small file is hashed whole');
    }),
  );
  const big = new Uint8Array(20_000).map((_, i) => (i * 7) % 251);
  const samples = [0, 1024, 4096, 16_384].map((o) => big.subarray(o, o + 1024));
  assert.equal(partialMd5(big), md5(Buffer.concat(samples)));
});
