// Every rule string and search URL of the real book-source collections
// (../shared/data/booksources/, 436 sources) goes through the engine without crashing: rules compile
// and evaluate on a sample page, search URLs build. Bad or unsupported input may only raise a
// LinhaiError; the counts are printed so regressions in coverage show.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isLinhaiError } from '#model';
import {
  compileRule,
  getString,
  getElements,
  buildRequest,
  parseContent,
  createVariableStore,
} from './index.ts';
import { sharedData, sharedDataSkip } from '../../test/support/outside-material.ts';

const skip = sharedDataSkip('booksources');
const root = sharedData('booksources');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : n.endsWith('.json') ? [p] : [];
  });
}

type Source = Record<string, unknown>;
function loadSources(): Source[] {
  const out: Source[] = [];
  for (const f of files(root)) {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(f, 'utf8').replace(/^\uFEFF/, ''));
    } catch {
      continue; // broken files exist in the wild; the importer (src/sources) deals with them
    }
    for (const s of Array.isArray(data) ? data : [data])
      if (s && typeof s === 'object') out.push(s as Source);
  }
  return out;
}

function ruleStrings(s: Source): string[] {
  const out: string[] = [];
  for (const key of ['ruleSearch', 'ruleExplore', 'ruleBookInfo', 'ruleToc', 'ruleContent']) {
    let r = s[key];
    if (typeof r === 'string') {
      try {
        r = JSON.parse(r);
      } catch {
        continue;
      }
    }
    if (r && typeof r === 'object')
      for (const v of Object.values(r)) if (typeof v === 'string' && v.trim()) out.push(v);
  }
  return out;
}

const sources = skip ? [] : loadSources();
const page = parseContent(
  '<html><body><div class="list"><ul><li><a href="/b/1">书名</a><span class="author">作者</span></li></ul></div><div id="content">正文<br>第二行</div></body></html>',
  'https://www.example.com/search',
);
const json = parseContent(
  '{"data":{"list":[{"name":"书名","id":1}]}}',
  'https://www.example.com/api',
);

describe('real book sources through the engine', { skip }, () => {
  test('every rule compiles and evaluates, or fails as a LinhaiError', async () => {
    assert.ok(sources.length > 300, `only ${sources.length} sources loaded`);
    let rules = 0;
    const errors = new Map<string, number>();
    for (const s of sources) {
      for (const rule of ruleStrings(s)) {
        rules++;
        for (const input of [page, json]) {
          const ctx = {
            variables: createVariableStore(),
            baseUrl: input.baseUrl,
            regexTimeLimitMs: 300,
          };
          try {
            compileRule(rule, { isJson: input === json, allInOne: true });
            await getString(rule, input, ctx);
            await getElements(rule, input, ctx);
          } catch (e) {
            assert.ok(
              isLinhaiError(e),
              `${String(s.bookSourceName)}: ${rule.slice(0, 80)} threw ${String((e as Error)?.stack ?? e)}`,
            );
            errors.set(e.code, (errors.get(e.code) ?? 0) + 1);
          }
        }
      }
    }
    console.log(
      `real sources: ${sources.length} sources, ${rules} rule strings × 2 inputs; errors by code: ${JSON.stringify(Object.fromEntries(errors))}`,
    );
  });

  test('every search URL builds, or needs the sandbox', async () => {
    let built = 0;
    let needJs = 0;
    let ruleErrors = 0;
    for (const s of sources) {
      const url = s.searchUrl;
      if (typeof url !== 'string' || !url.trim()) continue;
      try {
        const req = await buildRequest(url, {
          baseUrl: String(s.bookSourceUrl ?? ''),
          key: '斗破苍穹',
          page: 1,
        });
        assert.ok(req.url.length > 0);
        built++;
      } catch (e) {
        assert.ok(
          isLinhaiError(e),
          `${String(s.bookSourceName)}: ${url.slice(0, 80)} threw ${String(e)}`,
        );
        if (e.code === 'capability-missing') needJs++;
        else ruleErrors++;
      }
    }
    console.log(
      `real sources: search URLs built ${built}, need JS ${needJs}, rule errors ${ruleErrors}`,
    );
    assert.ok(built > needJs);
  });
});
