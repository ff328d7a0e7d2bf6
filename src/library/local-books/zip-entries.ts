import type JSZip from 'jszip';
import { LinhaiError, lazyRequire } from '#model';

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
export const ZIP_ENTRY_MAX_BYTES = 16 * 1024 * 1024;
/** The most all entries read from one zip may inflate to together. */
export const ZIP_TOTAL_MAX_BYTES = 256 * 1024 * 1024;

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
      const data = await inflateBounded(entry, bound, file);
      total += data.byteLength;
      return new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, '');
    },
  };
}

/** JSZip's streaming read, present on every entry but missing from its type declarations. */
interface StreamingEntry {
  internalStream(type: 'uint8array'): {
    on(
      event: 'data',
      listener: (chunk: Uint8Array) => void,
    ): StreamingEntry['internalStream'] extends (...args: never[]) => infer S ? S : never;
    on(
      event: 'error',
      listener: (error: Error) => void,
    ): ReturnType<StreamingEntry['internalStream']>;
    on(event: 'end', listener: () => void): ReturnType<StreamingEntry['internalStream']>;
    pause(): unknown;
    resume(): unknown;
  };
}

/** Inflates one entry, stopping as soon as it passes `maxBytes`. */
function inflateBounded(
  entry: JSZip.JSZipObject,
  maxBytes: number,
  file: string,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    const fail = (error: LinhaiError) => {
      done = true;
      reject(error);
    };
    const stream = (entry as unknown as StreamingEntry).internalStream('uint8array');
    stream
      .on('data', (chunk: Uint8Array) => {
        if (done) return;
        size += chunk.byteLength;
        if (size <= maxBytes) return void chunks.push(chunk);
        stream.pause();
        fail(
          new LinhaiError(
            'local-file-malformed',
            `${file}: ${entry.name} inflates past ${maxBytes} bytes (a zip bomb or a damaged EPUB); it is not imported`,
            { details: { file, entry: entry.name } },
          ),
        );
      })
      .on('error', (error: Error) => {
        if (done) return;
        fail(
          new LinhaiError(
            'local-file-malformed',
            `${file}: ${entry.name} is damaged (${error.message}); export the EPUB again`,
            { details: { file, entry: entry.name }, cause: error },
          ),
        );
      })
      .on('end', () => {
        if (done) return;
        done = true;
        resolve(Buffer.concat(chunks));
      })
      .resume();
  });
}
