import type JSZip from 'jszip';
import { LinhaiError, lazyRequire } from '#model';
import { inflateBounded } from '../inflate-bounded.ts';
import type { InflateFailures } from '../inflate-bounded.ts';

// Loaded by the first backup read or written, not by every command that imports the library.
const jszip = lazyRequire<typeof JSZip>('jszip');

/*
 * A Legado backup zip, read as hostile input: only the JSON files Linhai understands are read,
 * found by their base name (Legado zips them at the top; a re-zipped folder nests them one level),
 * never written anywhere, and every one is inflated under a byte bound so a zip bomb stops early.
 */

/** The largest backup zip accepted (a shelf of thousands of books with sources is a few MB). */
export const BACKUP_ZIP_MAX_BYTES = 64 * 1024 * 1024;
/** The largest single JSON file inflated from it. */
export const BACKUP_ENTRY_MAX_BYTES = 32 * 1024 * 1024;
/** All inflated JSON files together. */
const BACKUP_TOTAL_MAX_BYTES = 128 * 1024 * 1024;

/** The files of a Legado backup as text, by base name (`bookshelf.json` …). */
type BackupFiles = ReadonlyMap<string, string>;

/** Reads the named JSON files of a backup zip; others are listed by name only. */
export async function readBackupZip(
  bytes: Uint8Array,
  wanted: readonly string[],
  file = 'backup.zip',
): Promise<{ files: BackupFiles; others: readonly string[] }> {
  if (bytes.byteLength > BACKUP_ZIP_MAX_BYTES)
    throw new LinhaiError(
      'invalid-input',
      `${file} is ${bytes.byteLength} bytes; a Legado backup is at most ${BACKUP_ZIP_MAX_BYTES}`,
      { details: { file } },
    );
  let zip: JSZip;
  try {
    zip = await jszip().loadAsync(bytes, { checkCRC32: true });
  } catch (error) {
    throw new LinhaiError(
      'import-parse',
      `${file} is not a zip file (${(error as Error).message}): choose the backup.zip Legado wrote (我的 → 备份与恢复 → 备份)`,
      { details: { file }, cause: error },
    );
  }
  const byName = new Map<string, JSZip.JSZipObject>();
  const others: string[] = [];
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    const base = entry.name.split('/').at(-1) ?? '';
    const depth = entry.name.split('/').length;
    if (wanted.includes(base) && depth <= 2 && !byName.has(base)) byName.set(base, entry);
    else others.push(entry.name);
  }
  const files = new Map<string, string>();
  let total = 0;
  for (const [name, entry] of byName) {
    const data = await inflateBounded(
      entry,
      Math.min(BACKUP_ENTRY_MAX_BYTES, BACKUP_TOTAL_MAX_BYTES - total),
      backupFailures(file),
    );
    total += data.byteLength;
    files.set(name, new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, ''));
  }
  return { files, others };
}

/** How a backup's entry fails, in the backup's words. */
const backupFailures = (file: string): InflateFailures => ({
  tooLarge: (entry, maxBytes) =>
    new LinhaiError(
      'invalid-input',
      `${file}: ${entry} inflates past ${maxBytes} bytes; it is not a Legado backup file`,
      { details: { file, entry } },
    ),
  damaged: (entry, error) =>
    new LinhaiError('import-parse', `${file}: ${entry} is damaged (${error.message})`, {
      details: { file, entry },
      cause: error,
    }),
});

/** A backup zip with the given JSON files at its top, as Legado writes one. */
export async function writeBackupZip(files: ReadonlyMap<string, unknown>): Promise<Uint8Array> {
  const zip = new (jszip())();
  // A fixed date: the same shelf exports to the same bytes.
  const date = new Date(Date.UTC(2000, 0, 1));
  for (const [name, value] of files) zip.file(name, JSON.stringify(value), { date });
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
