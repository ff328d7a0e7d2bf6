import { createHash } from 'node:crypto';

/**
 * KOReader's "binary" document digest (`util.partialMD5`): MD5 over 1 KiB samples at offsets 0 and
 * 1024·4^i for i = 0…10, stopping at the first offset past the end. (KOReader writes the first
 * offset as `lshift(1024, -2)`, which LuaJIT makes 0.) Cheap on huge files, stable for one file.
 */
export function partialMd5(bytes: Uint8Array): string {
  const hash = createHash('md5');
  for (let i = -1; i <= 10; i++) {
    const offset = i < 0 ? 0 : 1024 * 4 ** i;
    if (offset >= bytes.length) break;
    hash.update(bytes.subarray(offset, offset + 1024));
  }
  return hash.digest('hex');
}

/**
 * The names an e-reader may save the book's EPUB under: KOReader's "file name" digest is the MD5
 * of the name. Its OPDS browser names downloads by title (optionally with the author), or, with
 * "use server file names", by the plain `filename` of Content-Disposition; other clients take
 * the UTF-8 `filename*`. `served` are the names Linhai sends.
 */
export function documentNames(title: string, author: string, served: readonly string[]): string[] {
  const names = [...served, `${title}.epub`];
  if (author !== '') names.push(`${author} - ${title}.epub`, `${title} - ${author}.epub`);
  return [...new Set(names)];
}
