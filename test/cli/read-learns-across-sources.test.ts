/**
 * What an instance learned on other sources cleans a source it has just met, through the whole
 * app: `linhai read`, one process per chapter, on three demo biquge sites met one after another
 * (each earlier one gone, so reading falls back to the new one). The author's note at the end of
 * each chapter has no address and nothing a built-in rule knows; the first two sites each learn
 * it, and the third site's very first chapter comes out without it. The note is stored as the
 * third source's own suggested pattern, for review.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catalogue, startDemoSites } from '#demo';
import { openStore } from '#store';
import { runCli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'linhai-read-across-'));
const env = { LINHAI_DATA_DIR: dir, LINHAI_ALLOW_HOSTS: '127.0.0.1', LINHAI_BUILTIN_SOURCES: '0' };
after(() => rmSync(dir, { recursive: true, force: true }));

const book = catalogue.books().find((b) => b.title === '星河归途')!;
const note = /各位书友晚安$/;

/** Starts one site, imports it, links it to the book, reads `chapters`, and closes the site. */
async function meetSite(name: string, chapters: readonly number[]) {
  const cluster = await startDemoSites({
    sites: [{ template: 'biquge', name, edgeAdverts: true }],
  });
  try {
    const file = join(dir, `${name}.json`);
    writeFileSync(file, JSON.stringify(cluster.sites.map((s) => s.source)));
    const imported = await runCli(['sources', 'import', file], env);
    assert.equal(imported.code, 0, imported.stderr);
    const added = await runCli(['add', book.title, '--json'], env);
    assert.equal(added.code, 0, added.stderr);
    const read: Array<{ paragraphs: string[]; source: string }> = [];
    for (const n of chapters) {
      const out = await runCli(['read', book.title, String(n), '--json'], env);
      assert.equal(out.code, 0, out.stderr);
      read.push(JSON.parse(out.stdout) as { paragraphs: string[]; source: string });
    }
    return { source: cluster.sites[0]!.source['bookSourceUrl'] as string, read };
  } finally {
    await cluster.close();
  }
}

test("a new source's first chapter is cleaned with what two other sources taught", async () => {
  const first = await meetSite('a', [1, 2, 3]);
  // A new instance: the first chapter of the first source keeps the note; learning removes it.
  assert.match(first.read[0]!.paragraphs.at(-1) ?? '', note);
  const second = await meetSite('b', [4, 5, 6]);
  for (const chapter of second.read) assert.equal(chapter.source, second.source);
  const third = await meetSite('c', [7]);
  const [seventh] = third.read;
  assert.equal(seventh?.source, third.source);
  assert.deepEqual(seventh?.paragraphs, catalogue.chapter(book.id, 6).paragraphs);
  const store = openStore({ dataDir: dir });
  try {
    const patterns = await store.boilerplate.list(third.source);
    const stored = patterns.find((p) => note.test(p.example));
    assert.ok(stored, 'the note is stored as the new source pattern');
    assert.equal(stored.status, 'suggested');
  } finally {
    await store.close();
  }
});
