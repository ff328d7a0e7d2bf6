/**
 * `linhai explore` against the four demo sites on a fresh data folder: every source's lists, one
 * source's lists, a category page by page (--json), the ranking merged across sources, and a
 * list the source does not have.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { exploreBooks } from '../../src/demo/explore-lists.ts';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-explore-cli-'));
const env = { LINHAI_DATA_DIR: dir, LINHAI_ALLOW_HOSTS: '127.0.0.1', LINHAI_BUILTIN_SOURCES: '0' };
let cluster: DemoCluster;

before(async () => {
  cluster = await startDemoSites();
  writeFileSync(join(dir, 'demo.json'), JSON.stringify(cluster.sites.map((s) => s.source)));
  const imported = await runCli(['sources', 'import', join(dir, 'demo.json')], env);
  assert.equal(imported.code, 0, imported.stderr);
});
after(async () => {
  await cluster.close();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (text: string) => text.trim().split('\n').filter(Boolean);

test('explore lists every source’s lists, then one source’s', async () => {
  const all = await runCli(['explore'], env);
  assert.equal(all.code, 0, all.stderr);
  assert.equal(lines(all.stdout).length, 4, all.stdout);
  assert.match(
    all.stdout,
    /新笔趣阁（演示）: 总点击榜 · 完本小说 · 新书入库 · 最近更新 · 全部小说 · 玄幻修真/,
  );
  assert.match(all.stdout, /书海阁（演示）: \[榜单\] · 人气排行/, 'headers in brackets');

  const one = await runCli(['explore', '追书API', '--json'], env);
  assert.equal(one.code, 0, one.stderr);
  const [json] = lines(one.stdout).map((l) => JSON.parse(l) as { entries: { title: string }[] });
  assert.deepEqual(
    json!.entries.slice(0, 2).map((e) => e.title),
    ['人气榜', '完结'],
    'the @js: form evaluated',
  );
});

test('a category page by page, as JSON', async () => {
  const titles: string[] = [];
  for (const page of [1, 2]) {
    const got = await runCli(
      ['explore', '新笔趣阁', '全部', '--page', String(page), '--json'],
      env,
    );
    assert.equal(got.code, 0, got.stderr);
    titles.push(...lines(got.stdout).map((l) => (JSON.parse(l) as { title: string }).title));
  }
  assert.deepEqual(
    titles,
    exploreBooks('biquge', 'all')
      .slice(0, 6)
      .map((b) => b.title),
  );

  const text = await runCli(['explore', '新笔趣阁', '全部小说'], env);
  assert.match(text.stdout, /\(more: --page 2\)/);
});

test('the ranking merged across sources; an unknown list names the lists', async () => {
  const merged = await runCli(['explore', '--section', 'ranking'], env);
  assert.equal(merged.code, 0, merged.stderr);
  assert.ok(lines(merged.stdout).length >= 6, merged.stdout);
  assert.match(lines(merged.stdout)[0]!, /^1\. \S/);

  const missing = await runCli(['explore', '新笔趣阁', '网游'], env);
  assert.notEqual(missing.code, 0);
  assert.match(missing.stderr, /no list "网游"; the lists: 总点击榜/);
});
