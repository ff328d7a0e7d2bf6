import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pagesByItself, sectionOf } from './sections.ts';

test('entry titles as real sources write them feed the home sections', () => {
  const cases: Array<[string, ReturnType<typeof sectionOf>]> = [
    ['总点击榜', 'ranking'],
    ['月票榜', 'ranking'],
    ['人气排行', 'ranking'],
    ['编辑推荐', 'ranking'],
    ['Best Rated', 'ranking'],
    ['完本小说', 'completed'],
    ['完本榜', 'completed'],
    ['全本', 'completed'],
    ['Complete', 'completed'],
    ['最近更新', 'updated'],
    ['最新更新', 'updated'],
    ['新书入库', 'newest'],
    ['最新小说', 'newest'],
    ['New Releases', 'newest'],
    ['玄幻修真', undefined],
    ['都市言情', undefined],
    ['Fantasy', undefined],
  ];
  for (const [title, section] of cases) assert.equal(sectionOf(title), section, title);
});

test('a list pages when its url has a page template, a page list, or a script that reads page', () => {
  assert.equal(pagesByItself('/sort/1_{{page}}.html'), true);
  assert.equal(pagesByItself('/list?p={{(page-1)*20}}'), true);
  assert.equal(pagesByItself('/top/<1,2,3>.html'), true);
  assert.equal(pagesByItself('@js: "/rank/" + page + ".html"'), true);
  assert.equal(pagesByItself('/top/week.html'), false);
  assert.equal(pagesByItself('/search?{{key}}'), false);
});
