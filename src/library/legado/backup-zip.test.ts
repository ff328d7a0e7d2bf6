import { test } from 'node:test';
import assert from 'node:assert/strict';
import JSZip from 'jszip';
import { isLinhaiError } from '#model';
import { BACKUP_ENTRY_MAX_BYTES, readBackupZip, writeBackupZip } from './backup-zip.ts';

test('a backup zip is read by file name, nested one folder deep at most; others are listed', async () => {
  const zip = new JSZip();
  zip.file('backup/bookshelf.json', '\uFEFF[{"name":"甲"}]');
  zip.file('a/b/bookmark.json', '[]');
  zip.file('config.xml', '<map/>');
  const bytes = await zip.generateAsync({ type: 'uint8array' });
  const { files, others } = await readBackupZip(bytes, ['bookshelf.json', 'bookmark.json']);
  assert.deepEqual([...files], [['bookshelf.json', '[{"name":"甲"}]']]);
  assert.deepEqual([...others].sort(), ['a/b/bookmark.json', 'config.xml']);
});

test('an entry that inflates past the bound stops there (a zip bomb), naming the entry', async () => {
  const zip = new JSZip();
  zip.file('bookshelf.json', new Uint8Array(BACKUP_ENTRY_MAX_BYTES + 1024 * 1024), {
    compression: 'DEFLATE',
  });
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
  assert.ok(bytes.byteLength < 1024 * 1024, 'a small zip');
  await assert.rejects(readBackupZip(bytes, ['bookshelf.json'], 'bomb.zip'), (error) => {
    assert.ok(isLinhaiError(error, 'invalid-input'));
    assert.match(error.message, /bomb\.zip: bookshelf\.json inflates past/);
    return true;
  });
});

test('the zip written reads back, and the same files give the same bytes', async () => {
  const files = new Map<string, unknown>([['bookshelf.json', [{ name: '乙' }]]]);
  const a = await writeBackupZip(files);
  assert.deepEqual(a, await writeBackupZip(files));
  const { files: read } = await readBackupZip(a, ['bookshelf.json']);
  assert.deepEqual(JSON.parse(read.get('bookshelf.json')!), [{ name: '乙' }]);
});
