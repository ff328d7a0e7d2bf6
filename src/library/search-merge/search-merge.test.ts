import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createSearchMerger,
  editDistance,
  freshnessScore,
  matchQuality,
  parseUpdateTime,
  sourcesScore,
} from './index.ts';
import type { SearchHit } from './index.ts';

const NOW = Date.UTC(2025, 5, 10, 4, 0, 0); // 2025-06-10 12:00 China time
const clock = { now: () => NOW };

const hit = (
  sourceKey: string,
  name: string,
  author: string,
  extra: Partial<SearchHit> = {},
): SearchHit => ({
  sourceKey,
  sourceName: sourceKey.toUpperCase(),
  name,
  author,
  bookUrl: `https://${sourceKey}.test/book/${encodeURIComponent(name)}`,
  ...extra,
});

describe('search merging', () => {
  test('hits of one book from many sources merge by normalised title and author', () => {
    const merger = createSearchMerger({ query: '斗破苍穹', clock });
    const g1 = merger.add(hit('a', '斗破苍穹', '天蚕土豆'))!;
    assert.equal(g1.sourceCount, 1);
    const g2 = merger.add(hit('b', '《鬥破蒼穹》(完結)', '作者：天蠶土豆'))!;
    assert.equal(g2.key, g1.key);
    assert.equal(g2.sourceCount, 2);
    merger.add(hit('c', '斗破苍穹 ', '天蚕土豆 著'));
    merger.add(hit('d', '斗破苍穹', '同人作者'));
    const groups = merger.groups();
    assert.equal(groups.length, 2);
    assert.equal(groups[0]!.sourceCount, 3);
    assert.deepEqual(
      groups[0]!.hits.map((h) => h.sourceKey),
      ['a', 'b', 'c'],
    );
    assert.equal(groups[0]!.title, '斗破苍穹', 'display title from the first hit');
    assert.equal(groups[1]!.author, '同人作者');
  });

  test('the same book page from the same source again does not count twice', () => {
    const merger = createSearchMerger({ query: 'x', clock });
    merger.add(hit('a', '斗破苍穹', '天蚕土豆', { lastChapter: '第1章' }));
    const g = merger.add(hit('a', '斗破苍穹', '天蚕土豆', { lastChapter: '第2章' }))!;
    assert.equal(g.hits.length, 1);
    assert.equal(g.sourceCount, 1);
    assert.equal(g.latestChapter?.title, '第2章');
  });

  test('a hit without a title joins nothing', () => {
    const merger = createSearchMerger({ query: 'x', clock });
    assert.equal(merger.add(hit('a', ' 【】 ', '某人')), undefined);
    assert.equal(merger.groups().length, 0);
  });

  test('group fields: the furthest latest chapter, the newest update, the longest intro', () => {
    const merger = createSearchMerger({ query: '斗破苍穹', clock });
    merger.add(
      hit('a', '斗破苍穹', '天蚕土豆', {
        lastChapter: '第999章 大结局前',
        updateTime: '2025-06-01',
        intro: '短…',
      }),
    );
    merger.add(
      hit('b', '斗破苍穹', '天蚕土豆', {
        lastChapter: '第一千章 大结局',
        updateTime: '3天前',
        intro: '这里是属于斗气的世界，完整简介。',
        coverUrl: 'https://b.test/c.jpg',
        kind: '玄幻',
      }),
    );
    merger.add(
      hit('c', '斗破苍穹', '天蚕土豆', { lastChapter: '上架感言', updateTime: '2025-05-01' }),
    );
    const [g] = merger.groups();
    assert.deepEqual(g!.latestChapter, { title: '第一千章 大结局', number: 1000, sourceKey: 'b' });
    assert.equal(g!.updatedAt, NOW - 3 * 86_400_000);
    assert.equal(g!.intro, '这里是属于斗气的世界，完整简介。');
    assert.equal(g!.coverUrl, 'https://b.test/c.jpg');
    assert.equal(g!.kind, '玄幻');
  });

  test('ranking: match quality first, then sources, freshness and health', () => {
    const health = (key: string) => (key.startsWith('good') ? 1 : 0.2);
    const merger = createSearchMerger({ query: '斗破', clock, health });
    // A loose match that many sources carry.
    for (const s of ['s1', 's2', 's3', 's4', 's5', 's6'])
      merger.add(hit(s, '重生之斗破乾坤', '某甲'));
    // Prefix matches: one with three sources, one with one.
    for (const s of ['s1', 's2', 's3']) merger.add(hit(s, '斗破苍穹', '天蚕土豆'));
    merger.add(hit('s1', '斗破星河', '某乙'));
    // Exact title match, one source.
    merger.add(hit('s9', '斗破', '某丙'));
    // Unrelated result a site returned anyway.
    merger.add(hit('s1', '凡人修仙传', '忘语'));
    const order = merger.groups().map((g) => `${g.title}:${g.match}`);
    assert.deepEqual(order, [
      '斗破:exact',
      '斗破苍穹:prefix',
      '斗破星河:prefix',
      '重生之斗破乾坤:contains',
      '凡人修仙传:none',
    ]);

    const fresh = createSearchMerger({ query: '剑来', clock, health });
    fresh.add(hit('x1', '剑来', '烽火戏诸侯', { updateTime: '2024-01-01' }));
    fresh.add(hit('x2', '剑来', '某人', { updateTime: '今天 09:00' }));
    assert.deepEqual(
      fresh.groups().map((g) => g.author),
      ['某人', '烽火戏诸侯'],
      'fresher first among equal matches',
    );

    const healthy = createSearchMerger({ query: '剑来', clock, health });
    healthy.add(hit('bad', '剑来', '甲'));
    healthy.add(hit('good', '剑来', '乙'));
    assert.deepEqual(
      healthy.groups().map((g) => g.author),
      ['乙', '甲'],
      'healthier first among equal matches',
    );
  });

  test('rank parts are each 0..1 and sum with the weights', () => {
    const merger = createSearchMerger({ query: '剑来', clock });
    const g = merger.add(hit('a', '剑来', '烽火戏诸侯', { updateTime: '刚刚' }))!;
    assert.equal(g.rank.match, 1);
    assert.equal(g.rank.freshness, 1);
    assert.equal(g.rank.health, 0.5);
    assert.ok(Math.abs(g.rank.score - (0.6 + 0.2 * sourcesScore(1) + 0.1 + 0.05)) < 1e-9);
  });
});

describe('matchQuality', () => {
  const cases: [string, string, string, string][] = [
    ['斗破苍穹', '斗破苍穹', '天蚕土豆', 'exact'],
    ['鬥破蒼穹', '《斗破苍穹》', '天蚕土豆', 'exact'],
    ['斗破', '斗破苍穹', '天蚕土豆', 'prefix'],
    ['苍穹', '斗破苍穹', '天蚕土豆', 'contains'],
    ['斗破苍琼', '斗破苍穹', '天蚕土豆', 'fuzzy'],
    ['天蚕土豆', '斗破苍穹', '天蚕土豆', 'exact'],
    ['斗破苍穹 天蚕土豆', '斗破苍穹', '天蚕土豆', 'exact'],
    ['凡人', '斗破苍穹', '天蚕土豆', 'none'],
    ['lord of', 'Lord of the Mysteries', 'Cuttlefish', 'prefix'],
  ];
  for (const [query, title, author, kind] of cases) {
    test(`${query} vs ${title}/${author} → ${kind}`, () => {
      assert.equal(matchQuality(query, title, author).kind, kind);
    });
  }
  test('an author match scores a little below the same title match', () => {
    assert.ok(
      matchQuality('天蚕土豆', '斗破苍穹', '天蚕土豆').score <
        matchQuality('斗破苍穹', '斗破苍穹', 'x').score,
    );
  });
});

describe('editDistance', () => {
  const cases: [string, string, number][] = [
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['斗破苍穹', '斗破苍琼', 1],
    ['斗破苍穹', '斗破', 2],
    ['𠀀a', 'a', 1],
  ];
  for (const [a, b, d] of cases)
    test(`${a} / ${b} = ${d}`, () => assert.equal(editDistance(a, b), d));
  test('stops early past the limit', () =>
    assert.equal(editDistance('aaaaaaaa', 'bbbbbbbb', 2), 3));
});

describe('parseUpdateTime', () => {
  const cases: [string, number | undefined][] = [
    ['2025-06-01 12:30:05', Date.UTC(2025, 5, 1, 4, 30, 5)],
    ['2025-06-01', Date.UTC(2025, 4, 31, 16, 0, 0)],
    ['2025/6/1', Date.UTC(2025, 4, 31, 16, 0, 0)],
    ['2025年6月1日 08:00', Date.UTC(2025, 5, 1, 0, 0, 0)],
    ['更新时间：2025-06-01T12:30', Date.UTC(2025, 5, 1, 4, 30, 0)],
    ['06-01 12:30', Date.UTC(2025, 5, 1, 4, 30, 0)],
    ['12-31', Date.UTC(2024, 11, 30, 16, 0, 0)],
    ['3天前', NOW - 3 * 86_400_000],
    ['5 小时前', NOW - 5 * 3_600_000],
    ['10分钟前', NOW - 600_000],
    ['刚刚', NOW],
    ['今天 09:00', Date.UTC(2025, 5, 10, 1, 0, 0)],
    ['昨天', Date.UTC(2025, 5, 8, 16, 0, 0)],
    ['1748736000', 1748736000_000],
    ['1748736000123', 1748736000123],
    ['连载中', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases) {
    test(`${text || '(empty)'}`, () => assert.equal(parseUpdateTime(text, NOW), expected));
  }
  test('freshness halves every 30 days and is 0 when unknown', () => {
    assert.equal(freshnessScore(NOW, NOW), 1);
    assert.ok(Math.abs(freshnessScore(NOW - 30 * 86_400_000, NOW) - 0.5) < 1e-9);
    assert.equal(freshnessScore(undefined, NOW), 0);
  });
});

describe('search merging properties', () => {
  test('the groups do not depend on the order hits arrive in', async () => {
    const fc = (await import('fast-check')).default;
    const titles = ['斗破苍穹', '《鬥破蒼穹》', '斗破苍穹(完结)', '剑来', '劍來', '凡人修仙传'];
    const authors = ['天蚕土豆', '作者：天蠶土豆', '烽火戏诸侯', '忘语'];
    const hitArb = fc
      .record({
        source: fc.constantFrom('a', 'b', 'c', 'd'),
        title: fc.constantFrom(...titles),
        author: fc.constantFrom(...authors),
      })
      .map((h) => hit(h.source, h.title, h.author));
    fc.assert(
      fc.property(fc.array(hitArb, { maxLength: 30 }), fc.integer(), (hits, seed) => {
        const shuffled = [...hits];
        let s = seed;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (s * 1103515245 + 12345) & 0x7fffffff;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        const summary = (list: SearchHit[]) => {
          const merger = createSearchMerger({ query: '斗破', clock });
          for (const h of list) merger.add(h);
          return merger
            .groups()
            .map((g) => `${g.key}:${g.sourceCount}:${g.match}:${g.rank.score.toFixed(9)}`)
            .sort();
        };
        assert.deepEqual(summary(shuffled), summary(hits));
      }),
      { numRuns: 200 },
    );
  });
});
