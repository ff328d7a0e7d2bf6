import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { regexRunner, translateJavaRegex, translateJavaReplacement } from '#rules';
import { createCleaner, importReplaceRules, MemoryBoilerplateStore, ruleApplies } from './index.ts';
import type { RegexEngine } from './index.ts';
import { seedPage } from './testing/synthetic-book.ts';
import { sharedData, sharedDataSkip } from '../../../test/support/outside-material.ts';

/**
 * The engine the composition root builds: Java regexes translated by #rules and run with its
 * time limit (a worker for patterns that may backtrack badly).
 */
const rulesEngine: RegexEngine = {
  compile(pattern, { timeoutMs }) {
    translateJavaRegex(pattern); // throws on a pattern that does not compile
    const runner = regexRunner(timeoutMs);
    return {
      replaceAll: (input, replacement) =>
        runner.run(pattern, {
          op: 'replace',
          input,
          replacement: translateJavaReplacement(replacement),
          first: false,
        }) as string,
    };
  },
};

const skip = sharedDataSkip('replace-rules', 'seed/chapter.txt');
const folder = sharedData('replace-rules');
const files = (skip ? [] : readdirSync(folder)).flatMap((dir) =>
  readdirSync(join(folder, dir)).map((name) => join(folder, dir, name)),
);

const cleaner = () =>
  createCleaner({ boilerplate: new MemoryBoilerplateStore(), regex: rulesEngine });

describe('Legado replace rules', () => {
  test('the real rule collections import and apply without error', { skip }, async () => {
    assert.equal(files.length, 3);
    const text = seedPage().paragraphs;
    let total = 0;
    for (const file of files) {
      const rules = importReplaceRules(readFileSync(file, 'utf8'));
      total += rules.length;
      assert.ok(rules.length > 0, file);
      const out = await cleaner().present({
        sourceKey: 'site',
        bookTitle: '临海',
        paragraphs: text,
        rules,
      });
      // Only script replacements (@js:) are reported; no rule fails, times out or falls back.
      assert.deepEqual(
        [...new Set(out.problems.map((p) => p.problem))].filter((p) => p !== 'needs-js'),
        [],
        file,
      );
      // Text survives. (shidahuilang's set is a marker pipeline — 🅱/🅰 — that depends on Java's
      // astral-character classes; how much it keeps is the regex translator's business.)
      assert.ok(out.paragraphs.length > 0, file);
    }
    assert.equal(total, 124);
  });

  test('legado fields, defaults, legacy keys and invalid patterns', () => {
    const [modern, legacy, bar, empty] = importReplaceRules(
      JSON.stringify([
        { id: 5, name: 'ad', pattern: '广告', order: 1, scope: '临海;http://a.example' },
        {
          regex: '(?i)abc',
          replaceSummary: 'old',
          replacement: 'x',
          enable: 'false',
          serialNumber: 2,
        },
        { pattern: '广告|', order: 3 },
        { pattern: '', order: 4 },
      ]),
    );
    assert.ok(modern && legacy && bar && empty);
    assert.deepEqual(
      { ...modern },
      {
        id: '5',
        name: 'ad',
        group: '',
        pattern: '广告',
        replacement: '',
        isRegex: true,
        scope: '临海;http://a.example',
        excludeScope: '',
        scopeTitle: false,
        scopeContent: true,
        isEnabled: true,
        timeoutMs: 3000,
        order: 1,
      },
    );
    assert.equal(legacy.pattern, '(?i)abc');
    assert.equal(legacy.isEnabled, false);
    assert.equal(bar.problem, 'trailing-bar');
    assert.equal(empty.problem, 'empty-pattern');
    assert.ok(ruleApplies(modern, '临海', 'http://b.example'));
    assert.ok(ruleApplies(modern, '别的书', 'http://a.example'));
    assert.ok(!ruleApplies(modern, '别的书', 'http://b.example'));
    assert.throws(() => importReplaceRules('not json'), { code: 'import-parse' });
  });

  test('Java syntax: inline flags, \\h, $1 groups; invalid regex falls back to a literal replace', async () => {
    const rules = importReplaceRules([
      { id: 1, pattern: '(?i)ＡＤ\\h*广告|ad\\h*广告', replacement: '', order: 1 },
      { id: 2, pattern: '(\\d+)元', replacement: '$1块', order: 2 },
      { id: 3, pattern: '[未闭合', replacement: '（已修）', order: 3 },
      {
        id: 4,
        pattern: '李萍',
        replacement: '李平',
        isRegex: false,
        order: 4,
        excludeScope: '别的书',
      },
    ]);
    const out = await cleaner().present({
      sourceKey: 'site',
      bookTitle: '临海',
      paragraphs: ['AD 广告李萍花了30元', '书里写着[未闭合的括号'],
      rules,
    });
    assert.deepEqual(out.paragraphs, ['李平花了30块', '书里写着（已修）的括号']);
    assert.deepEqual(
      out.problems.map((p) => [p.ruleId, p.problem]),
      [['3', 'literal-fallback']],
    );
  });

  test('a rule past its time limit is disabled and reported, and the text is left as it was', async () => {
    const rules = importReplaceRules([
      // A back-reference: RE2 cannot run it, so it backtracks under the time limit.
      { id: 9, pattern: '(a+)+\\1$', replacement: '', timeoutMillisecond: 100 },
    ]);
    const c = cleaner();
    const evil = `${'a'.repeat(40)}!`;
    const first = await c.present({ sourceKey: 's', bookTitle: 'b', paragraphs: [evil], rules });
    assert.deepEqual(first.paragraphs, [evil]);
    assert.deepEqual(
      first.problems.map((p) => p.problem),
      ['timeout'],
    );
    const again = await c.present({ sourceKey: 's', bookTitle: 'b', paragraphs: [evil], rules });
    assert.deepEqual(again.problems, []);
  });

  test('title-scoped rules rewrite titles only; content rules leave titles alone', async () => {
    const rules = importReplaceRules([
      { id: 1, pattern: '【求月票】', replacement: '', scopeTitle: true, scopeContent: false },
      { id: 2, pattern: '章', replacement: '回', scopeTitle: false },
    ]);
    const c = cleaner();
    const title = await c.presentTitle('第1章 归来【求月票】', {
      sourceKey: 's',
      bookTitle: 'b',
      rules,
    });
    assert.equal(title.title, '第1章 归来');
    const text = await c.present({
      sourceKey: 's',
      bookTitle: 'b',
      paragraphs: ['【求月票】第一章'],
      rules,
    });
    assert.deepEqual(text.paragraphs, ['【求月票】第一回']);
  });

  test('simplified and traditional display conversion', async () => {
    const out = await cleaner().present({
      sourceKey: 's',
      bookTitle: 'b',
      paragraphs: ['软件和网络', '李萍带着参观团来到了一面墙前'],
      script: 'taiwan',
    });
    assert.deepEqual(out.paragraphs, ['軟體和網路', '李萍帶著參觀團來到了一面牆前']);
    const back = await cleaner().present({
      sourceKey: 's',
      bookTitle: 'b',
      paragraphs: out.paragraphs,
      script: 'simplified',
    });
    assert.deepEqual(back.paragraphs, ['软件和网络', '李萍带着参观团来到了一面墙前']);
  });
});
