/**
 * Search within a book over its cached chapters, with a real book from a demo site: a word from a
 * chapter that was read is found there (its paragraph, offset and the text around it), in reading
 * order; chapters not read yet are not searched (and the answer says how many were); an empty
 * query is refused.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { addBookFromSearch, importSources, startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

let cluster: DemoCluster;
let h: Harness;
let reader: Agent;

const json = <T>(body: string) => JSON.parse(body) as T;

before(async () => {
  cluster = await startDemoSites({ sites: [{ template: 'json' }] });
  h = await startHarness({ allowHosts: ['127.0.0.1'] });
  reader = h.agent();
  assert.equal((await reader.register('reader')).statusCode, 201);
  await importSources(
    reader,
    cluster.sites.map((s) => s.source),
  );
});
after(async () => {
  await h?.close();
  await cluster?.close();
});

interface Hit {
  chapterKey: string;
  paragraph: number;
  offsetChars: number;
  before: string;
  match: string;
  after: string;
}

test('a word is found in the cached chapters, where it is', async () => {
  const book = await addBookFromSearch(reader, '星河归途');
  const toc = json<{ key: string }[]>(
    (await reader.request('GET', `/api/books/${book.id}/toc`)).body,
  );
  const search = async (q: string) =>
    json<{ hits: Hit[]; chaptersSearched: number; chapterCount: number; truncated: boolean }>(
      (await reader.request('GET', `/api/books/${book.id}/search?q=${encodeURIComponent(q)}`)).body,
    );
  const read = async (key: string) =>
    json<{ paragraphs: string[] }>(
      (await reader.request('GET', `/api/books/${book.id}/chapters/${encodeURIComponent(key)}`))
        .body,
    ).paragraphs;
  const third = await read(toc[2]!.key);
  await read(toc[7]!.key);
  const paragraph = third[5]!;
  const word = paragraph.slice(3, 9);

  const found = await search(word);
  assert.equal(found.chaptersSearched, 2);
  assert.equal(found.chapterCount, toc.length);
  const here = found.hits.find((h) => h.chapterKey === toc[2]!.key && h.paragraph === 5);
  assert.ok(here, `"${word}" found in paragraph 5 of chapter 3`);
  assert.equal(here.match, word);
  assert.ok(paragraph.includes(`${here.before}${here.match}${here.after}`));
  assert.equal(
    here.offsetChars,
    third.slice(0, 5).reduce((n, p) => n + p.length + 1, 0),
  );
  const order = found.hits.map((h) => toc.findIndex((c) => c.key === h.chapterKey));
  assert.deepEqual(
    order,
    [...order].sort((a, b) => a - b),
    'in reading order',
  );
  assert.ok(found.hits.every((h) => [toc[2]!.key, toc[7]!.key].includes(h.chapterKey)));

  assert.deepEqual((await search('不可能出现的词组合ZZZ')).hits, []);
  const empty = await reader.request('GET', `/api/books/${book.id}/search?q=%20`);
  assert.equal(empty.statusCode, 400);
});
