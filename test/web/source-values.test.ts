/** Source-given codes and Chinese units in the UI's language (web/src/i18n/source-values.ts). */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type * as SourceValues from '../../web/src/i18n/source-values.ts';
import type * as I18n from '../../web/src/i18n/index.ts';

// The i18n module reads this device's choice and sets the page's lang when it loads.
let values: typeof SourceValues;
let i18n: typeof I18n;
before(async () => {
  Object.assign(globalThis, {
    localStorage: { getItem: () => 'en', setItem: () => undefined },
    document: { documentElement: {}, createElement: () => ({}) },
  });
  i18n = await import('../../web/src/i18n/index.ts');
  values = await import('../../web/src/i18n/source-values.ts');
});

test('word counts: 万字 in Chinese, characters in English; other text as it came', () => {
  assert.equal(values.wordCount('120万字', 'zh'), '120万字');
  assert.equal(values.wordCount('1234567', 'zh'), '123.5万字');
  assert.equal(values.wordCount('3.5万', 'zh'), '3.5万字');
  assert.equal(values.wordCount('120万字', 'en'), '1.2M characters');
  assert.equal(values.wordCount('8.5千字', 'en'), '8.5K characters');
  assert.equal(values.wordCount('900', 'en'), '900 characters');
  assert.equal(values.wordCount('约百万', 'en'), '约百万');
});

test('statuses, tiers and levels in the UI language; an unknown code as it is', () => {
  i18n.setLocale('en');
  assert.equal(values.bookStatus('连载中'), 'Ongoing');
  assert.equal(values.bookStatus('完本'), 'Completed');
  assert.equal(values.bookStatus('ongoing'), 'Ongoing');
  assert.equal(values.bookStatus('暂停'), '暂停');
  assert.equal(values.tierName('full'), 'Runs fully');
  assert.equal(values.levelName('A'), 'A · rules only');
  assert.equal(values.tierName('needs-magic'), 'needs-magic');
  assert.equal(values.boilerplateStatus('accepted'), 'Removed from text');
  i18n.setLocale('zh');
  assert.equal(values.bookStatus('ongoing'), '连载中');
  assert.equal(values.tierName('full'), '完全支持');
  assert.equal(values.wordCount('1200000'), '120万字');
});
