// JSoup's CSS dialect through the selector layer: the external Sizzle suite (293 cases over
// sizzle.html, ../shared/data/css-selectors) and a table of JSoup-only selectors.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isTag } from 'domhandler';
import {
  parseContent,
  jsoupSelect,
  getString,
  getStringList,
  createVariableStore,
} from './index.ts';
import { sharedData, sharedDataSkip } from '../../test/support/outside-material.ts';

const dataDir = new URL(`file://${sharedData('css-selectors')}/`);

interface SizzleCase {
  describe: string;
  selector: string;
  expected_ids: string[];
  line: number;
}

describe(
  'Sizzle selector suite through jsoupSelect',
  { skip: sharedDataSkip('css-selectors') },
  () => {
    const suite = JSON.parse(readFileSync(new URL('sizzle-cases.json', dataDir), 'utf8')) as {
      cases: SizzleCase[];
    };
    const doc = parseContent(
      readFileSync(new URL('sizzle.html', dataDir), 'utf8'),
      'https://x/',
    ).document;
    // JSoup's case-insensitive `:contains` and class matching change no Sizzle case's answer.
    test('every case matches the expected ids in order', () => {
      const failures: string[] = [];
      let run = 0;
      for (const c of suite.cases) {
        run++;
        let ids: string[];
        try {
          ids = jsoupSelect(c.selector, doc).map((e) => (isTag(e) ? (e.attribs.id ?? '') : ''));
        } catch (e) {
          failures.push(`${c.selector}: threw ${String(e)}`);
          continue;
        }
        if (JSON.stringify(ids) !== JSON.stringify(c.expected_ids))
          failures.push(`${c.selector}: got ${ids.join(',')}`);
      }
      console.log(`sizzle: ${run - failures.length}/${run} pass`);
      assert.deepEqual(failures, []);
    });
  },
);

const html = `<div id="main"><ul>
<li class="Item"><a href="/book/12.html" data-id="12">第12章 Hello</a></li>
<li><a href="/book/abc.html">Preface</a><span>第1章</span></li>
<li><a href="https://other.com/x">HELLO world</a></li>
</ul><script>var hello = 1;</script><p>own <b>inner</b></p></div>`;
const page = parseContent(html, 'https://x.com/');
const ctx = () => ({ variables: createVariableStore() });

const cases: [rule: string, expected: string[]][] = [
  ['@css:a[href~=book/\\d+]@href', ['/book/12.html']], // [attr~=regex] is a Java regex
  ['@css:a[href~=^https?:]@text', ['HELLO world']],
  ['@css:a:contains(hello)@text', ['第12章 Hello', 'HELLO world']], // case-insensitive
  ['@css:li:containsOwn(第1章)@text', []], // own text only
  ['@css:span:containsOwn(第1章)@text', ['第1章']],
  ['@css:a:matches(第\\d+章)@data-id', ['12']],
  ['@css:a:matches((?i)^hello)@text', ['HELLO world']],
  ['@css:p:matchesOwn(^own$)@text', ['own inner']],
  ['@css:li:lt(1) a@text', ['第12章 Hello']],
  ['@css:li:gt(1) a@text', ['HELLO world']],
  ['@css:li:eq(1)>a@text', ['Preface']],
  ['@css:li:has(span) a@text', ['Preface']],
  ['@css:li:not(.item) > a@text', ['Preface', 'HELLO world']],
  ['@css:script:containsData(hello)@html', ['<script>var hello = 1;</script>']],
  ['@css:li.item > a@text', ['第12章 Hello']],
  ['@css:ul > li:first-child a@text&&ul > li:last-child a@text', ['第12章 Hello', 'HELLO world']], // the prefix covers every part
];

describe('JSoup-only selectors', () => {
  for (const [rule, expected] of cases) {
    test(`${rule} → ${JSON.stringify(expected)}`, async () => {
      assert.deepEqual(await getStringList(rule, page, ctx()), expected);
    });
  }
  test('the same JSoup pseudos work inside default-syntax segments', async () => {
    assert.equal(
      await getString('tag.ul@li:contains(preface)@tag.a@href', page, ctx()),
      '/book/abc.html',
    );
  });
});
