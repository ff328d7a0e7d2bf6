// Stable chapter keys. A key is derived from the listing and URL that first showed the chapter,
// so the same merge gives the same keys on every machine, and it never changes afterwards.

/** Two FNV-1a hashes with different seeds over listing id, "\n" and URL: 64 bits. */
function hash64(listingId: string, url: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  const feed = (ch: number) => {
    a = Math.imul(a ^ ch, 0x01000193);
    b = Math.imul(b ^ ch, 0x01000193);
  };
  for (let i = 0; i < listingId.length; i++) feed(listingId.charCodeAt(i));
  feed(10);
  for (let i = 0; i < url.length; i++) feed(url.charCodeAt(i));
  return [a >>> 0, b >>> 0];
}

/** A new key not in `used` (which it is added to): 13 base-36 characters, "-2" etc. on collision. */
export function makeChapterKey(listingId: string | number, url: string, used: Set<string>): string {
  const [a, b] = hash64(String(listingId), url);
  const hash = a.toString(36).padStart(7, '0') + b.toString(36).padStart(7, '0').slice(1);
  let key = hash;
  for (let n = 2; used.has(key); n++) key = `${hash}-${n}`;
  used.add(key);
  return key;
}
