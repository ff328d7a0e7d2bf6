import { createHash } from 'node:crypto';
import { LinhaiError } from '#model';
import type { SharedDocuments } from '../ports.ts';

/*
 * The files a reader's Legado keeps on Linhai's WebDAV: its folders (`legado/`, `bookProgress/`,
 * `exports/`), its progress files and its backup zips. Each user's tree is an index document
 * (`dav-index:<userId>`) and one document per file's bytes (`dav-file:<userId>:<sha256 of path>`)
 * in the installation's shared documents, so every server process sees one tree and a request
 * reads only its own user's documents. Bounded per file, per count and per user.
 */

/** The largest file kept (a Legado backup zip with thousands of books is a few MB). */
export const DAV_FILE_MAX_BYTES = 32 * 1024 * 1024;
const DAV_USER_MAX_BYTES = 128 * 1024 * 1024;
const DAV_MAX_ENTRIES = 2_000;

export interface DavEntry {
  readonly dir: boolean;
  readonly size: number;
  readonly contentType: string;
  readonly modifiedAt: number;
}

interface DavIndex {
  entries: Record<string, DavEntry>;
}

/** `a/b/c.json` → `a/b`; `a` → `` (the root). */
export const parentOf = (path: string) => path.split('/').slice(0, -1).join('/');

export class DavFiles {
  readonly #documents: SharedDocuments;
  readonly #userId: number;

  constructor(documents: SharedDocuments, userId: number) {
    this.#documents = documents;
    this.#userId = userId;
  }

  /** The entry at `path` ('' is the root folder, always there). */
  async stat(path: string): Promise<DavEntry | undefined> {
    if (path === '') return { dir: true, size: 0, contentType: '', modifiedAt: 0 };
    return (await this.#index()).entries[path];
  }

  /** The entries directly inside folder `path`, by path. */
  async children(path: string): Promise<Array<[string, DavEntry]>> {
    const prefix = path === '' ? '' : `${path}/`;
    return Object.entries((await this.#index()).entries).filter(
      ([p]) => p.startsWith(prefix) && p !== path && !p.slice(prefix.length).includes('/'),
    );
  }

  async read(path: string): Promise<Buffer | undefined> {
    const doc = (await this.#documents.get(this.#fileDocument(path))) as
      { data?: string } | undefined;
    return doc?.data === undefined ? undefined : Buffer.from(doc.data, 'base64');
  }

  /** Makes a folder and any missing folders above it; false when a file is in the way. */
  async makeFolder(path: string, at: number): Promise<boolean> {
    let ok = true;
    await this.#updateIndex((index) => {
      ok = addFolders(index, path, at);
    });
    return ok;
  }

  /** Writes a file (its folders made as needed). */
  async write(path: string, bytes: Uint8Array, contentType: string, at: number): Promise<void> {
    if (bytes.byteLength > DAV_FILE_MAX_BYTES)
      throw new LinhaiError('invalid-input', `${path} is larger than ${DAV_FILE_MAX_BYTES} bytes`, {
        details: { path },
      });
    await this.#updateIndex((index) => {
      const used = Object.entries(index.entries).reduce(
        (n, [p, e]) => (p === path ? n : n + e.size),
        0,
      );
      if (used + bytes.byteLength > DAV_USER_MAX_BYTES)
        throw new LinhaiError(
          'invalid-input',
          `your WebDAV folder would pass ${DAV_USER_MAX_BYTES} bytes: delete old backups first`,
          { details: { path } },
        );
      if (index.entries[path]?.dir)
        throw new LinhaiError('conflict', `${path} is a folder`, { details: { path } });
      if (!addFolders(index, parentOf(path), at))
        throw new LinhaiError('conflict', `a file is in the way of ${path}`, { details: { path } });
      index.entries[path] = { dir: false, size: bytes.byteLength, contentType, modifiedAt: at };
    });
    await this.#documents.update(this.#fileDocument(path), () => ({
      data: Buffer.from(bytes).toString('base64'),
    }));
  }

  /** Removes a file or a folder with everything in it; false when there was nothing. */
  async remove(path: string): Promise<boolean> {
    const gone: string[] = [];
    await this.#updateIndex((index) => {
      for (const p of Object.keys(index.entries))
        if (p === path || p.startsWith(`${path}/`)) {
          if (!index.entries[p]!.dir) gone.push(p);
          delete index.entries[p];
        }
    });
    for (const p of gone) await this.#documents.update(this.#fileDocument(p), () => ({}));
    return gone.length > 0 || (await this.stat(path)) === undefined;
  }

  async #index(): Promise<DavIndex> {
    return (
      ((await this.#documents.get(this.#indexDocument())) as DavIndex | undefined) ?? {
        entries: {},
      }
    );
  }

  async #updateIndex(change: (index: DavIndex) => void): Promise<void> {
    await this.#documents.update(this.#indexDocument(), (current) => {
      const index = (current as DavIndex | undefined) ?? { entries: {} };
      change(index);
      if (Object.keys(index.entries).length > DAV_MAX_ENTRIES)
        throw new LinhaiError(
          'invalid-input',
          `your WebDAV folder holds more than ${DAV_MAX_ENTRIES} entries`,
        );
      return index;
    });
  }

  #indexDocument(): string {
    return `dav-index:${this.#userId}`;
  }

  #fileDocument(path: string): string {
    return `dav-file:${this.#userId}:${createHash('sha256').update(path).digest('hex')}`;
  }
}

/** Adds `path` and the folders above it; false when one of them is a file. */
function addFolders(index: DavIndex, path: string, at: number): boolean {
  const parts = path === '' ? [] : path.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const p = parts.slice(0, i).join('/');
    const known = index.entries[p];
    if (known !== undefined && !known.dir) return false;
    if (known === undefined)
      index.entries[p] = { dir: true, size: 0, contentType: '', modifiedAt: at };
  }
  return true;
}
