import anyAscii from 'any-ascii';
import type { BookFileFormat } from '#library';

/** Longest title part of an ASCII file name (the whole name stays well under 255 bytes). */
const MAX_TITLE_CHARS = 80;

/**
 * The plain ASCII file name of a book's file, for the `filename` of Content-Disposition: the
 * title transliterated (星河归途 → "XingHeGuiTu") and the book's id, so the name stays readable
 * and tied to one book. Some e-readers (KOReader's "use server file names") read only this name
 * and save the book under it.
 */
export function asciiBookFileName(bookId: number, title: string, format: BookFileFormat): string {
  // "The Long Road: Part 2?" → "The-Long-Road-Part-2"; quotes and backslashes never survive.
  const readable = anyAscii(title)
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_TITLE_CHARS)
    .replace(/-+$/, '');
  return `${readable === '' ? 'book' : readable}-${bookId}.${format}`;
}
