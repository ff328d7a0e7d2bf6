/**
 * RE2 must give what V8 gives: every regex of the shared book sources (`##…` in rules) and replace
 * rules that RE2 can run is matched and replaced on both engines, over real novel pages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  sharedData,
  sharedDataSkip,
  sharedJsonFiles,
} from '../../test/support/outside-material.ts';
import { javaRegex, translateJavaRegex, translateJavaReplacement } from './java-regex.ts';
import { linearGroups, linearRegex, linearReplace } from './linear-regex.ts';

function collectPatterns(): Set<string> {
  const patterns = new Set<string>();
  for (const file of sharedJsonFiles('replace-rules')) {
    const rules = JSON.parse(readFileSync(file, 'utf8')) as {
      pattern?: string;
      isRegex?: boolean;
    }[];
    for (const rule of rules)
      if (rule.isRegex !== false && rule.pattern) patterns.add(rule.pattern);
  }
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const m of value.matchAll(/##([^#]+)(?:##|$)/g)) patterns.add(m[1]!);
    } else if (value && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const file of sharedJsonFiles('booksources')) {
    try {
      walk(JSON.parse(readFileSync(file, 'utf8')));
    } catch {
      // a collection that is not strict JSON has no say here
    }
  }
  return patterns;
}

test(
  'RE2 and V8 agree on every shared regex RE2 runs',
  { skip: sharedDataSkip('replace-rules', 'booksources', 'real-pages') },
  () => {
    // 20,000 characters of each page: re2js is linear but slow, and 521 patterns over 60,000
    // characters took 120 s of CPU (over the runner's 300 s per file on a loaded machine).
    const pages = readdirSync(sharedData('real-pages'))
      .filter((name) => name.endsWith('.html'))
      .map((name) => readFileSync(join(sharedData('real-pages'), name), 'utf8').slice(0, 20_000));
    pages.push('\u3000\u3000第一章 开始\n他说：“你好。”\u00a0笔趣阁 www.biquge.com\r\n\u2028end');
    const replacement = translateJavaReplacement('<$0>');
    let linear = 0;
    let total = 0;
    for (const pattern of collectPatterns()) {
      total++;
      const re = linearRegex(translateJavaRegex(pattern));
      if (!re) continue;
      linear++;
      for (const page of pages) {
        const v8 = Array.from(page.matchAll(javaRegex(pattern)), (m) =>
          Array.from(m, (g) => g ?? ''),
        );
        assert.deepEqual(linearGroups(re, page), v8, pattern);
        assert.equal(
          linearReplace(re, page, replacement, false),
          page.replace(javaRegex(pattern), replacement),
          pattern,
        );
      }
    }
    console.log(`RE2 runs ${linear} of ${total} shared regexes, each as V8 does`);
    assert.ok(linear > total * 0.7, `${linear} of ${total}`);
  },
);
