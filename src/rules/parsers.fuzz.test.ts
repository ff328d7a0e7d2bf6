// Property tests: no rule string or URL template crashes the parsers or evaluators. Bad input may
// only raise LinhaiError — 'rule-error', or 'capability-missing' when it asks for JavaScript and no
// sandbox is given.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isLinhaiError } from '#model';
import {
  compileRule,
  getString,
  getElements,
  getStringList,
  buildRequest,
  parseContent,
  createVariableStore,
} from './index.ts';

const html = parseContent(
  '<div class="a" id="x"><ul><li><a href="/1">一</a></li><li>二</li></ul><p>t<br>u</p></div>',
  'https://x.com/',
);
const json = parseContent('{"a":{"b":[1,2,{"c":"d"}]},"e":"f"}', 'https://x.com/');

// Fragments real rules are made of, so the generator reaches deep into the grammar.
const piece = fc.constantFrom(
  'class.a',
  'tag.li',
  'id.x',
  'text.一',
  'children',
  '.0',
  '.-1',
  '!0',
  '[0,1]',
  '[!0]',
  '[1:0]',
  '[-1:0:2]',
  '@',
  '@text',
  '@href',
  '@html',
  '@ownText',
  '@textNodes',
  '@all',
  '##',
  '###',
  '&&',
  '||',
  '%%',
  '{{',
  '}}',
  '{{$.a}}',
  '{{@@tag.li@text}}',
  '@get:{k}',
  '@put:{k:"tag.a@text"}',
  '$1',
  '$.',
  '$..b',
  '[?(@.c)]',
  '//li',
  '/text()',
  '@css:',
  '@XPath:',
  '@json:',
  ':',
  '(',
  ')',
  '[',
  ']',
  '\\',
  '"',
  "'",
  'a[href~=\\d+]',
  ':contains(一)',
  ':matches((',
  ':eq(1)',
  '<js>',
  '</js>',
  '@js:',
  ' ',
  ',',
  '{',
  '}',
  '(?i)',
  '\\h',
  '*',
  '+',
  '?',
  'a',
  '一',
);
const ruleArb = fc.oneof(
  fc.array(piece, { maxLength: 12 }).map((a) => a.join('')),
  fc.string({ maxLength: 40 }),
);

function allowed(e: unknown): boolean {
  return isLinhaiError(e, 'rule-error') || isLinhaiError(e, 'capability-missing');
}

describe('rule parser and evaluator never crash', () => {
  test('compileRule', () => {
    fc.assert(
      fc.property(ruleArb, fc.boolean(), fc.boolean(), (rule, isJson, allInOne) => {
        try {
          compileRule(rule, { isJson, allInOne });
        } catch (e) {
          assert.ok(allowed(e), `unexpected ${String(e)} for ${JSON.stringify(rule)}`);
        }
      }),
      { numRuns: 3000 },
    );
  });
  test('getString / getStringList / getElements on HTML and JSON', async () => {
    await fc.assert(
      fc.asyncProperty(
        ruleArb,
        fc.boolean(),
        fc.constantFrom(0, 1, 2),
        async (rule, useJson, fn) => {
          const ctx = { variables: createVariableStore(), regexTimeLimitMs: 200 };
          const input = useJson ? json : html;
          try {
            if (fn === 0) assert.equal(typeof (await getString(rule, input, ctx)), 'string');
            else if (fn === 1) assert.ok(Array.isArray(await getStringList(rule, input, ctx)));
            else assert.ok(Array.isArray(await getElements(rule, input, ctx)));
          } catch (e) {
            assert.ok(
              allowed(e),
              `unexpected ${String((e as Error)?.stack ?? e)} for ${JSON.stringify(rule)}`,
            );
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});

const urlPiece = fc.constantFrom(
  '/s',
  '?q=',
  '{{key}}',
  '{{page}}',
  '{{page-1}}',
  '<,{{page}}>',
  '<a,b>',
  ',{',
  '}',
  '"method":"POST"',
  '"body":"k={{key}}"',
  '"charset":"gbk"',
  '"charset":"nope"',
  '"headers":{"a":1}',
  ',',
  '{{',
  '}}',
  '@js:',
  '<js>',
  '</js>',
  '@result',
  '&',
  '=',
  '%',
  '%zz',
  ' ',
  '#',
  'http://',
  '一',
  ':',
);
describe('URL template parser never crashes', () => {
  test('buildRequest', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(urlPiece, { maxLength: 10 }).map((a) => a.join('')),
          fc.string({ maxLength: 30 }),
        ),
        fc.string({ maxLength: 6 }),
        fc.integer({ min: 1, max: 5 }),
        async (template, key, page) => {
          try {
            const req = await buildRequest(template, { baseUrl: 'https://x.com/', key, page });
            assert.equal(typeof req.url, 'string');
          } catch (e) {
            assert.ok(
              allowed(e),
              `unexpected ${String((e as Error)?.stack ?? e)} for ${JSON.stringify(template)}`,
            );
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
