import type JSZip from 'jszip';
import { LinhaiError, lazyRequire } from '#model';
import { inflateBounded } from '../inflate-bounded.ts';
import type { InflateFailures } from '../inflate-bounded.ts';

// Loaded by the first EPUB imported, not by every command that imports the library.
const jszip = lazyRequire<typeof JSZip>('jszip');

/*
 * A zip read as hostile input (an uploaded EPUB): entries are looked up by their normalised name
 * and only read, never written anywhere (no path can escape), there are at most MAX_ENTRIES of
 * them, and each is inflated under a byte bound, all of them together under another, so a zip
 * bomb stops at the bound instead of filling memory.
 */

const MAX_ENTRIES = 10_000;
/** The most one entry may inflate to (a chapter's XHTML, the package document). */
const ZIP_ENTRY_MAX_BYTES = 16 * 1024 * 1024;
/** The most all entries read from one zip may inflate to together. */
const ZIP_TOTAL_MAX_BYTES = 256 * 1024 * 1024;

export interface ZipEntries {
  has(path: string): boolean;
  /** The entry's text (UTF-8, a BOM dropped); undefined when there is no such entry. */
  text(path: string): Promise<string | undefined>;
}

export async function openZip(bytes: Uint8Array, file: string): Promise<ZipEntries> {
  let zip: JSZip;
  try {
    zip = await jszip().loadAsync(bytes, { checkCRC32: true });
  } catch (error) {
    throw new LinhaiError(
      'local-file-malformed',
      `${file} is not a zip file, so not an EPUB (${(error as Error).message}); export it again from the program that made it`,
      { details: { file }, cause: error },
    );
  }
  const entries = Object.values(zip.files).filter((e) => !e.dir);
  if (entries.length > MAX_ENTRIES) {
    throw new LinhaiError(
      'local-file-malformed',
      `${file} holds ${entries.length} files; an EPUB of more than ${MAX_ENTRIES} is not accepted`,
      { details: { file } },
    );
  }
  const byPath = new Map(entries.map((e) => [e.name.replace(/^\/+/, ''), e]));
  let total = 0;
  return {
    has: (path) => byPath.has(path),
    async text(path) {
      const entry = byPath.get(path);
      if (entry === undefined) return undefined;
      const bound = Math.min(ZIP_ENTRY_MAX_BYTES, ZIP_TOTAL_MAX_BYTES - total);
      const data = await inflateBounded(entry, bound, epubFailures(file));
      total += data.byteLength;
      return new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, '');
    },
  };
}

/** How an EPUB's entry fails, in an EPUB's words. */
const epubFailures = (file: string): InflateFailures => ({
  tooLarge: (entry, maxBytes) =>
    new LinhaiError(
      'local-file-malformed',
      `${file}: ${entry} inflates past ${maxBytes} bytes (a zip bomb or a damaged EPUB); it is not imported`,
      { details: { file, entry } },
    ),
  damaged: (entry, error) =>
    new LinhaiError(
      'local-file-malformed',
      `${file}: ${entry} is damaged (${error.message}); export the EPUB again`,
      { details: { file, entry }, cause: error },
    ),
});
