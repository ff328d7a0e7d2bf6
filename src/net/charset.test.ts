import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import {
  charsetFromContentType,
  decodeBody,
  decodeWith,
  encodeText,
  encodeUrl,
  normalizeCharset,
} from './charset.ts';
import { sharedData, sharedDataSkip } from '../../test/support/outside-material.ts';

const data = (name: string) => readFileSync(sharedData(`encoding/${name}`), 'utf8');

/** Index lines look like "    0\t0x4E02\t丂 (<CJK Ideograph>)". */
function readIndex(name: string): [number, number][] {
  return data(name)
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [pointer, code] = line.trim().split(/\s+/); // "0  0x4E02 ..." → ["0", "0x4E02", ...]
      return [Number(pointer), Number(code)];
    });
}

describe('WHATWG GB18030', { skip: sharedDataSkip('encoding') }, () => {
  const index = readIndex('whatwg-index-gb18030.txt');

  for (const label of ['gb18030', 'gbk', 'GB2312']) {
    test(`every two-byte pointer of index-gb18030 decodes exactly with label ${label}`, () => {
      assert.equal(index.length, 23940);
      const bytes = new Uint8Array(index.length * 2);
      index.forEach(([pointer], i) => {
        const trail = pointer % 190;
        bytes[i * 2] = Math.floor(pointer / 190) + 0x81;
        bytes[i * 2 + 1] = trail + (trail < 0x3f ? 0x40 : 0x41);
      });
      const text = decodeWith(bytes, label);
      const expected = index.map(([, code]) => String.fromCodePoint(code)).join('');
      const got = [...text];
      const want = [...expected];
      const mismatches = want.filter((c, k) => got[k] !== c).length;
      assert.equal(mismatches, 0);
      assert.equal(text, expected);
    });
  }

  test('four-byte sequences at every range start of index-gb18030-ranges decode', () => {
    const ranges = readIndex('whatwg-index-gb18030-ranges.txt');
    for (const [pointer, code] of ranges) {
      const bytes = Uint8Array.of(
        Math.floor(pointer / 12600) + 0x81,
        Math.floor((pointer % 12600) / 1260) + 0x30,
        Math.floor((pointer % 1260) / 10) + 0x81,
        (pointer % 10) + 0x30,
      );
      assert.equal(decodeWith(bytes, 'gbk').codePointAt(0), code, `pointer ${pointer}`);
    }
  });

  test('the five WPT decode-error vectors, for both labels', () => {
    const vectors = JSON.parse(data('wpt-gb18030-gbk-decode-errors.json')) as {
      cases: { bytes_hex: string; expected: string; labels: string[] }[];
    };
    assert.equal(vectors.cases.length, 5);
    for (const c of vectors.cases) {
      const bytes = Uint8Array.from(c.bytes_hex.split(' '), (h) => parseInt(h, 16));
      for (const label of c.labels)
        assert.equal(decodeWith(bytes, label), c.expected, `${label} ${c.bytes_hex}`);
    }
  });

  test('labels normalise: gbk and gb2312 decode as gb18030', () => {
    assert.equal(normalizeCharset('GBK'), 'gb18030');
    assert.equal(normalizeCharset('gb2312'), 'gb18030');
    assert.equal(normalizeCharset('utf8'), 'utf-8');
    assert.equal(normalizeCharset('no-such-charset'), undefined);
    assert.equal(charsetFromContentType('text/html; Charset="GBK"'), 'GBK');
    assert.equal(charsetFromContentType('text/html'), undefined);
  });
});

describe('detection order', () => {
  const text = '第一章 山巅云海，少年出山。';
  const gbk = (html: string) => new Uint8Array(iconv.encode(html, 'gbk'));
  const utf8 = (html: string) => new TextEncoder().encode(html);

  test('a BOM wins over the header and the meta tag', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(`<meta charset="gbk"><p>${text}`)]);
    const r = decodeBody(bytes, { contentType: 'text/html; charset=gbk' });
    assert.equal(r.source, 'bom');
    assert.ok(r.text.includes(text));
  });

  test('the header wins over the meta tag', () => {
    const r = decodeBody(gbk(`<meta charset="big5"><p>${text}`), {
      contentType: 'text/html; charset=gbk',
    });
    assert.deepEqual([r.charset, r.source], ['gb18030', 'header']);
    assert.ok(r.text.includes(text));
  });

  test('meta charset, then http-equiv, when the header says nothing', () => {
    const a = decodeBody(gbk(`<html><head><meta charset="gbk"></head><p>${text}`), {
      contentType: 'text/html',
    });
    assert.deepEqual([a.charset, a.source], ['gb18030', 'meta']);
    const b = decodeBody(
      gbk(`<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>${text}`),
    );
    assert.deepEqual([b.charset, b.source], ['gb18030', 'meta']);
    assert.ok(b.text.includes(text));
  });

  test("the source's override wins over header and meta", () => {
    const r = decodeBody(gbk(`<meta charset="utf-8"><p>${text}`), {
      contentType: 'text/html; charset=utf-8',
      override: 'gbk',
    });
    assert.deepEqual([r.charset, r.source], ['gb18030', 'override']);
    assert.ok(r.text.includes(text));
    assert.throws(() => decodeBody(gbk(text), { override: 'klingon' }), { code: 'net-charset' });
  });

  test('a GBK page labelled UTF-8 decodes correctly', () => {
    const withMeta = decodeBody(gbk(`<meta charset="gbk"><p>${text}`), {
      contentType: 'text/html; charset=utf-8',
    });
    assert.deepEqual([withMeta.charset, withMeta.source], ['gb18030', 'meta']);
    const bare = decodeBody(gbk(`<p>${text}`), { contentType: 'text/html; charset=utf-8' });
    assert.deepEqual([bare.charset, bare.source], ['gb18030', 'fallback']);
    assert.ok(bare.text.includes(text));
  });

  test('a UTF-8 page labelled GBK reads as UTF-8', () => {
    const r = decodeBody(utf8(`<p>${text}`), { contentType: 'text/html; charset=gbk' });
    assert.deepEqual([r.charset, r.source], ['utf-8', 'detected']);
    assert.ok(r.text.includes(text));
  });

  test('property: Chinese text (12+ characters) in GBK round-trips through a mislabelled page', () => {
    fc.assert(
      // Shorter runs can be valid UTF-8 by chance ("一" is D2 BB, also UTF-8 for "һ").
      fc.property(
        fc.array(fc.integer({ min: 0x4e00, max: 0x9fa5 }), { minLength: 12, maxLength: 40 }),
        (codes) => {
          const s = String.fromCharCode(...codes);
          const r = decodeBody(gbk(`<p>${s}</p>`), { contentType: 'text/html; charset=utf-8' });
          assert.equal(r.text, `<p>${s}</p>`);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('encoding requests', () => {
  test('query strings and bodies encode in the charset', () => {
    assert.equal(
      encodeUrl('http://a.b/s?searchkey=斗破&p=1#x', 'gbk'),
      'http://a.b/s?searchkey=%B6%B7%C6%C6&p=1#x',
    );
    assert.equal(encodeUrl('http://a.b/s?k=斗破', 'utf-8'), 'http://a.b/s?k=斗破');
    assert.deepEqual([...encodeText('斗破', 'gbk')], [0xb6, 0xb7, 0xc6, 0xc6]);
    assert.deepEqual([...encodeText('斗', undefined)], [0xe6, 0x96, 0x97]);
    assert.throws(() => encodeText('x', 'klingon'), { code: 'net-charset' });
  });
});
