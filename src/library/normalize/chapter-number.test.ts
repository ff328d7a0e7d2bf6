import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChapterTitle } from './index.ts';
import type { ParsedChapterTitle } from './index.ts';

describe('parseChapterTitle', () => {
  const cases: [string, ParsedChapterTitle][] = [
    ['第一百二十三章 风起', { number: 123, kind: 'chapter', rest: '风起' }],
    ['第123章 风起', { number: 123, kind: 'chapter', rest: '风起' }],
    ['第一二三章 风起', { number: 123, kind: 'chapter', rest: '风起' }],
    ['第１２３章：风起', { number: 123, kind: 'chapter', rest: '风起' }],
    ['第 12 章', { number: 12, kind: 'chapter', rest: '' }],
    ['第十二節 風起', { number: 12, kind: 'chapter', rest: '風起' }],
    ['第三回 风起', { number: 3, kind: 'chapter', rest: '风起' }],
    ['123. 风起', { number: 123, kind: 'chapter', rest: '风起' }],
    ['123章 风起', { number: 123, kind: 'chapter', rest: '风起' }],
    ['十二回 风起', { number: 12, kind: 'chapter', rest: '风起' }],
    ['123、风起', { number: 123, kind: 'chapter', rest: '风起' }],
    ['0123 风起', { number: 123, kind: 'chapter', rest: '风起' }],
    ['一、风起', { number: 1, kind: 'chapter', rest: '风起' }],
    ['Chapter 123: The Wind', { number: 123, kind: 'chapter', rest: 'The Wind' }],
    ['Ch. 7 - Rain', { number: 7, kind: 'chapter', rest: 'Rain' }],
    ['Vol. 2 Chapter 3 Rain', { volume: 2, number: 3, kind: 'chapter', rest: 'Rain' }],
    ['第十卷 风起 第一百二十三章 少年', { volume: 10, number: 123, kind: 'chapter', rest: '少年' }],
    ['第二卷第1章 重逢', { volume: 2, number: 1, kind: 'chapter', rest: '重逢' }],
    ['第十卷 风起云涌', { volume: 10, kind: 'volume', rest: '风起云涌' }],
    ['第2部 天下', { volume: 2, kind: 'volume', rest: '天下' }],
    ['卷三 天下', { volume: 3, kind: 'volume', rest: '天下' }],
    ['上卷 天下', { volume: 1, kind: 'volume', rest: '天下' }],
    ['Volume 4', { volume: 4, kind: 'volume', rest: '' }],
    ['正文卷', { kind: 'volume', rest: '正文卷' }],
    ['作品相关', { kind: 'volume', rest: '作品相关' }],
    ['番外', { kind: 'extra', rest: '番外' }],
    ['番外一 重逢', { number: 1, kind: 'extra', rest: '重逢' }],
    ['楔子', { kind: 'extra', rest: '楔子' }],
    ['序章 开始', { kind: 'extra', rest: '开始' }],
    ['尾声', { kind: 'extra', rest: '尾声' }],
    ['第500章 尾声', { number: 500, kind: 'chapter', rest: '尾声' }],
    ['请假条', { kind: 'announcement', rest: '请假条' }],
    ['請假條', { kind: 'announcement', rest: '請假條' }],
    ['上架感言', { kind: 'announcement', rest: '上架感言' }],
    ['新书《剑来》已发布', { kind: 'announcement', rest: '新书《剑来》已发布' }],
    ['单章 感谢盟主', { kind: 'announcement', rest: '单章 感谢盟主' }],
    ['关于更新的通知', { kind: 'announcement', rest: '关于更新的通知' }],
    ['公告', { kind: 'announcement', rest: '公告' }],
    ['完本感言', { kind: 'announcement', rest: '完本感言' }],
    ['万一', { kind: 'unknown', rest: '万一' }],
    ['少年与海', { kind: 'unknown', rest: '少年与海' }],
  ];
  for (const [title, expected] of cases) {
    test(title, () => assert.deepEqual(parseChapterTitle(title), expected));
  }
});
