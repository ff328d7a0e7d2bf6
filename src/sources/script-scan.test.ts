// The static scan of source scripts (script-text.ts, script-calls.ts) and, over the real shared
// collections, the promise the classifier makes: every method a script calls on java.*, Jsoup or
// what they return is either implemented by the engine or named in the source's `missing`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { javaHelperCapabilities } from '#rules';
import { classifySource } from './classify.ts';
import { callSurface } from './rule-scan.ts';
import { importSources } from './import-export.ts';
import { maskLiterals, scriptCalls } from './script-calls.ts';
import { scriptsIn, scriptsOfSource } from './script-text.ts';
import type { BookSource } from './types.ts';
import {
  sharedData,
  sharedDataSkip,
  sharedJsonFiles,
} from '../../test/support/outside-material.ts';

const calls = (script: string): string[] => scriptCalls(script).map((c) => `${c.kind}.${c.method}`);

describe('scripts in a field', () => {
  test('@js:, <js>, JS templates and the URL js option; rule templates are not scripts', () => {
    assert.deepEqual(scriptsIn('ruleToc.chapterUrl', 'href@js:result + "?a"', 'rule'), [
      'result + "?a"',
    ]);
    assert.deepEqual(scriptsIn('x', 'tag.a<js>result.trim()</js>@text', 'rule'), ['result.trim()']);
    assert.deepEqual(scriptsIn('x', '{{$.id}}/{{java.base64Encode(key)}}', 'rule'), [
      'java.base64Encode(key)',
    ]);
    assert.deepEqual(scriptsIn('searchUrl', '/s?q={{key}}', 'url'), ['key']);
    assert.deepEqual(scriptsIn('searchUrl', '/s,{"js":"java.ajax(\\"x\\")"}', 'url'), [
      'java.ajax("x")',
    ]);
    assert.deepEqual(scriptsIn('jsLib', 'function f() {}', 'rule'), ['function f() {}']);
  });
});

describe('method calls found in one script', () => {
  test('calls on java and Jsoup, followed along chains', () => {
    assert.deepEqual(calls('java.getElements("a").first().text()'), [
      'java.getElements',
      'Elements.first',
      'Element.text',
    ]);
    assert.deepEqual(calls('org.jsoup.Jsoup.parse(src).select("p").eachText().size()'), [
      'Jsoup.parse',
      'Document.select',
      'Elements.eachText',
      'List.size',
    ]);
    assert.deepEqual(calls('java.get("k").trim()'), ['java.get', 'String.trim']);
    assert.deepEqual(calls('java.get(url, {}).header("Location")'), [
      'java.get',
      'Response.header',
    ]);
  });
  test('through variables holding one kind of value, and for…of over Elements', () => {
    assert.deepEqual(
      calls('var d = org.jsoup.Jsoup.parse(src);\nd.select("script").remove();\nd.body().html()'),
      ['Jsoup.parse', 'Document.select', 'Elements.remove', 'Document.body', 'Element.html'],
    );
    assert.deepEqual(calls('for (var e of java.getElements("a")) e.text()'), ['java.getElements']);
    assert.deepEqual(calls('var l = java.getElements("a"); for (var e of l) e.wat()'), [
      'java.getElements',
      'Element.wat',
    ]);
  });
  test("the source's bindings, unless the script declares the name itself", () => {
    assert.deepEqual(
      calls('source.getKey().trim(); book.putVariable("k", cookie.getKey(u, "a"))'),
      ['BookSource.getKey', 'String.trim', 'Book.putVariable', 'Cookie.getKey'],
    );
    assert.deepEqual(calls('var book = JSON.parse(result); book.foo()'), []);
    assert.deepEqual(calls('list.map(function (chapter) { return chapter.bar(); })'), []);
  });
  test('what it cannot decide is left out', () => {
    // x holds two kinds; n is a number; names inside strings, comments and regexes are not calls.
    assert.deepEqual(calls('var x = java.getElements("a"); x = "s"; x.foo()'), [
      'java.getElements',
    ]);
    assert.deepEqual(calls('var n = java.getElements("a").size() > 0; n.foo()'), [
      'java.getElements',
      'Elements.size',
    ]);
    assert.deepEqual(calls('"java.ajax(1)"; // java.ajax(2)\n/java.ajax(3)/.test(s)'), []);
  });
  test('maskLiterals keeps length and never throws; the scan never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        assert.equal(maskLiterals(text).length, text.length);
        scriptCalls(text);
      }),
      { numRuns: 2000 },
    );
    const piece = fc.constantFrom(
      'java.getElements("a")', '.size()', '.get(0)', 'org.jsoup.Jsoup.parse(src)', '.select(',
      ')', '(', 'var x = ', ';', '"', "'", '/', '/*', '*/', '//', '\n', '[0]', 'x', '.text()',
    ); // prettier-ignore
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        for (const call of scriptCalls(parts.join(''))) assert.ok(call.method.length > 0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('classification names what scripts call and Linhai lacks', () => {
  const base: BookSource = {
    bookSourceUrl: 'https://a.com',
    bookSourceName: 'A',
    searchUrl: '/s?q={{key}}',
    ruleSearch: { bookList: 'li', name: 'a@text', bookUrl: 'a@href' },
    ruleToc: { chapterList: 'li a', chapterName: 'text', chapterUrl: 'href' },
    ruleContent: { content: 'id.c@html' },
  };
  const withContent = (content: string): BookSource => ({ ...base, ruleContent: { content } });
  test('implemented calls leave the source full; unknown ones are named by kind', () => {
    assert.deepEqual(
      classifySource(
        withContent('@js:var l = java.getStringList("p@text"); l.size() ? l.get(0) : ""'),
      ).missing,
      [],
    );
    const c = classifySource(withContent('@js:java.getElements("p").eachText().frobnicate()'));
    assert.deepEqual([c.tier, c.missing], ['partial', ['List.frobnicate']]);
    assert.ok(c.evidence.includes('ruleContent.content: List.frobnicate'));
  });
  test('a WebView asked for on every path is needs-browser; inside a branch it is partial', () => {
    const chapterUrl = (rule: string): BookSource => ({
      ...base,
      ruleToc: { chapterList: 'li a', chapterName: 'text', chapterUrl: rule },
    });
    assert.equal(
      classifySource(chapterUrl('href@js:result + \',{"webView":true}\'')).tier,
      'needs-browser',
    );
    const branch = classifySource(
      chapterUrl('href@js:if (/动/.test(book.name)) result += \',{"webView":true}\'; result'),
    );
    assert.deepEqual([branch.level, branch.tier, branch.missing], ['D', 'partial', ['webview']]);
    assert.match(branch.evidence.join('\n'), /some paths only; decided when it runs/);
  });
});

/** The capability the classifier reports a java.* helper under instead of the method name. */
const capabilityOf = (method: string): string | undefined =>
  javaHelperCapabilities[method]?.capability;

describe(
  'static scan of every script in ../shared/data (booksources, Legado defaults)',
  {
    skip: sharedDataSkip('booksources', 'legado/bookSources.json'),
  },
  () => {
    test('0 methods called by shared sources that are neither implemented nor reported', () => {
      const surface = callSurface();
      const sources: BookSource[] = [];
      for (const file of [...sharedJsonFiles('booksources'), sharedData('legado/bookSources.json')])
        sources.push(...importSources(readFileSync(file, 'utf8')).sources);
      const found = new Map<string, Set<string>>();
      const unreported: string[] = [];
      let scripts = 0;
      for (const source of sources) {
        const missing = new Set(classifySource(source).missing);
        for (const { where, script } of scriptsOfSource(source)) {
          scripts++;
          for (const call of scriptCalls(script)) {
            const name = `${call.kind}.${call.method}`;
            if (!found.has(name)) found.set(name, new Set());
            found.get(name)!.add(source.bookSourceUrl);
            const capability = call.kind === 'java' ? capabilityOf(call.method) : undefined;
            if (surface[call.kind].has(call.method) && capability === undefined) continue;
            if (!missing.has(capability ?? name))
              unreported.push(`${source.bookSourceName} ${where}: ${name}`);
          }
        }
      }
      const implemented = [...found.keys()].filter((n) => {
        const [kind, method] = n.split('.') as [keyof typeof surface, string];
        return surface[kind].has(method) && !(kind === 'java' && capabilityOf(method));
      });
      console.log(
        `script scan: ${sources.length} sources, ${scripts} scripts, ${found.size} distinct methods called, ` +
          `${implemented.length} implemented, not implemented (reported): ${[...found.keys()]
            .filter((n) => !implemented.includes(n))
            .map((n) => `${n} (${found.get(n)!.size})`)
            .join(', ')}`,
      );
      assert.deepEqual(unreported, []);
      assert.ok(found.size > 40, `the scan found only ${found.size} distinct methods`);
    });
  },
);
