import { createHash } from 'node:crypto';

/**
 * A UUID (version 5 layout, SHA-1 based) derived from the book key, so every export of the same
 * book carries the same identifier and e-readers treat a re-export as an update of one book.
 */
export function bookUuid(key: string): string {
  const hash = createHash('sha1').update(`linhai:book:${key}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
