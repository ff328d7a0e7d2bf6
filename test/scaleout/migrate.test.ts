/**
 * `linhai migrate`: an SQLite instance populated through the real use cases (demo sources, a book
 * with its TOC, chapters read, users, a shelf with a reading position, a job) is copied into a
 * fresh PostgreSQL schema; every row arrives, and the PostgreSQL app reads the same shelves and
 * chapters, and adds new rows without id collisions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startDemoSites } from '#demo';
import { openApp } from '#app';
import {
  addToShelf,
  bookCover,
  createUser,
  getPosition,
  listShelf,
  readChapter,
  savePosition,
  verifyUser,
  viewToc,
} from '#library';
import { buildBookFile } from '#export';
import { runCli } from '../cli/run-cli.ts';
import { dropSchema, sqliteInstallation, testDatabaseUrl } from './backends.ts';
import { addDemoBook } from './demo-book.ts';

test(
  'linhai migrate copies a populated SQLite instance into PostgreSQL, and the app reads it back',
  { skip: testDatabaseUrl ? false : 'LINHAI_TEST_DATABASE_URL is not set: migrate not tested' },
  async () => {
    const sqlite = sqliteInstallation();
    const schema = `linhai_test_${randomBytes(5).toString('hex')}`;
    const cluster = await startDemoSites({ sites: [{ template: 'biquge' }, { template: 'json' }] });
    try {
      const before = await openApp({
        ...sqlite.appOptions,
        allowHosts: ['127.0.0.1'],
        seedBuiltInSources: false,
      });
      const bookId = await addDemoBook(before, cluster, '星河归途');
      // The json site lists covers: the cover is fetched once and kept in the cover cache.
      const cover = await bookCover(before.library, bookId);
      assert.equal(cover.fetched, true);
      const toc = await viewToc(before.library, bookId);
      const read = [];
      for (const item of toc.slice(0, 3))
        read.push(await readChapter(before.library, { bookId, chapterKey: item.key }));
      // A built file (of the chapters read: the whole book would take a minute to fetch).
      const built = await buildBookFile(before.library, bookId, 'txt', { items: toc.slice(0, 3) });
      await before.store.bookFiles.finish({
        bookId,
        format: 'txt',
        chapters: 3,
        fileName: built.fileName,
        bytes: built.bytes,
      });
      const alice = await createUser(before.library, { name: 'alice', password: 'correct horse' });
      const bob = await createUser(before.library, { name: 'bob', password: 'battery staple' });
      await addToShelf(before.library, bob.id, bookId);
      await savePosition(
        before.library,
        { userId: alice.id, bookId },
        { chapterKey: toc[2]!.key, anchor: read[2]!.paragraphs[1]!.slice(0, 12), offsetChars: 40 },
      );
      await before.queue.enqueue({ type: 'toc', key: `toc:${bookId}`, payload: { bookId } });
      const sourcesBefore = await before.store.sources.list();
      await before.close();

      const target = testDatabaseUrl!;
      const migrated = await runCli(['migrate', '--to', target, '--schema', schema], sqlite.env);
      assert.equal(migrated.code, 0, migrated.stderr);
      assert.match(migrated.stdout, /the counts match/);
      for (const table of [
        'source',
        'book',
        'listing',
        'chapter',
        'content',
        'user',
        'shelf',
        'job',
        'book_cover',
        'book_file',
      ])
        assert.match(migrated.stdout, new RegExp(`^  ${table} +[1-9]`, 'm'), `${table} copied`);

      const again = await runCli(['migrate', '--to', target, '--schema', schema], sqlite.env);
      assert.notEqual(again.code, 0, 'a target with data is refused');
      assert.match(again.stderr, /--force/);
      const forced = await runCli(
        ['migrate', '--from', sqlite.dataDir, '--to', target, '--schema', schema, '--force'],
        sqlite.env,
      );
      assert.equal(forced.code, 0, forced.stderr);

      // The PostgreSQL instance, offline (the demo sites stop first): everything from the copy.
      await cluster.close();
      const after = await openApp({
        dataDir: sqlite.dataDir,
        databaseUrl: target,
        databaseSchema: schema,
        seedBuiltInSources: false,
      });
      try {
        assert.deepEqual(
          (await after.store.sources.list()).map((s) => [s.id, s.url, s.name]),
          sourcesBefore.map((s) => [s.id, s.url, s.name]),
        );
        assert.deepEqual(await viewToc(after.library, bookId), toc, 'the same TOC');
        const copied = await bookCover(after.library, bookId);
        assert.equal(copied.fetched, false, 'the cover comes from the copied cache');
        assert.deepEqual([...copied.bytes], [...cover.bytes], 'byte for byte');
        const file = await after.store.bookFiles.read(bookId, 'txt');
        assert.equal(file?.fileName, built.fileName);
        assert.deepEqual(
          Buffer.from(file.bytes),
          Buffer.from(built.bytes),
          'the file, byte for byte',
        );
        for (const [i, item] of toc.slice(0, 3).entries()) {
          const again = await readChapter(after.library, { bookId, chapterKey: item.key });
          assert.equal(again.fromCache, true, `${item.title} is read from the copied cache`);
          assert.deepEqual(again.paragraphs, read[i]!.paragraphs);
        }
        assert.equal(
          (await verifyUser(after.library, { name: 'alice', password: 'correct horse' })).id,
          alice.id,
        );
        assert.deepEqual(
          (await listShelf(after.library, bob.id)).map((e) => e.bookId),
          [bookId],
          "bob's shelf",
        );
        const position = await getPosition(after.library, { userId: alice.id, bookId });
        assert.equal(position?.chapterKey, toc[2]!.key, "alice's reading position");
        assert.equal((await after.queue.counts()).waiting, 1, 'the waiting job came along');
        // The sequences moved past the copied ids.
        const carol = await createUser(after.library, { name: 'carol', password: 'x'.repeat(8) });
        assert.ok(carol.id > bob.id, `a new user gets a new id (${carol.id})`);
      } finally {
        await after.close();
      }
    } finally {
      await cluster.close().catch(() => undefined);
      await dropSchema(testDatabaseUrl!, schema);
      await sqlite.cleanup();
    }
  },
);
