import { isUtf8 } from 'node:buffer';
import { LinhaiError } from '#model';

/** A TXT file's text and the encoding it was read with (WHATWG name, e.g. "gb18030"). */
interface DecodedText {
  readonly text: string;
  readonly encoding: string;
}

/**
 * Reads a TXT file in any common encoding: a BOM decides first (UTF-8, UTF-16 LE/BE); then valid
 * UTF-8; then UTF-16 without a BOM (see `utf16Guess`); then
 * GB18030 (which covers GBK and GB2312) or Big5, whichever reads more of the commonest characters.
 * Decoding is the platform's WHATWG TextDecoder (ICU), as the net layer's charsets are.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const bom = bomOf(bytes);
  if (bom) return strict(bytes.subarray(bom.length), bom.encoding);
  if (isUtf8(bytes) && controls(new TextDecoder('utf-8').decode(bytes.subarray(0, 4096))) === 0) {
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  }
  const utf16 = utf16Guess(bytes);
  if (utf16) return strict(bytes, utf16);
  const gb = loose(bytes, 'gb18030');
  const big5 = loose(bytes, 'big5');
  // GB18030 maps almost every byte sequence to something, so fatal decoding cannot tell the two
  // apart: the one that reads as ordinary Chinese (frequent characters, few U+FFFD) wins.
  const best =
    commonness(big5.text, TRADITIONAL) - big5.bad * 4 > commonness(gb.text, SIMPLIFIED) - gb.bad * 4
      ? big5
      : gb;
  const sampled = Math.min(best.text.length, 200_000);
  if (best.bad > Math.max(8, best.text.length / 1000) || controls(best.text) > sampled / 200) {
    throw new LinhaiError(
      'local-file-undecodable',
      `the file is not text in UTF-8, UTF-16, GB18030/GBK or Big5 (read as ${best.encoding}, it has ${best.bad} undecodable bytes and binary control characters); if it is a TXT, save it as UTF-8 in a text editor and import it again`,
      { details: { encoding: best.encoding, undecodable: best.bad } },
    );
  }
  return { text: best.text, encoding: best.encoding };
}

const BOMS: ReadonlyArray<{ bytes: readonly number[]; encoding: string }> = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be' },
];

function bomOf(bytes: Uint8Array): { length: number; encoding: string } | undefined {
  const found = BOMS.find((b) => b.bytes.every((v, i) => bytes[i] === v));
  return found && { length: found.bytes.length, encoding: found.encoding };
}

function strict(bytes: Uint8Array, encoding: string): DecodedText {
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
  } catch {
    throw new LinhaiError(
      'local-file-undecodable',
      `the file claims ${encoding} but is not valid ${encoding}; save it again as UTF-8 and import it again`,
      { details: { encoding } },
    );
  }
}

function loose(bytes: Uint8Array, encoding: string): DecodedText & { bad: number } {
  const text = new TextDecoder(encoding).decode(bytes);
  let bad = 0;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) bad++;
  return { text, encoding, bad };
}

/**
 * UTF-16 without a BOM: the first 2 000 characters read as UTF-16 LE (or BE) are almost all
 * plausible in a Chinese or English novel — ASCII, CJK ideographs and punctuation, full-width
 * forms. GBK or Big5 bytes read as UTF-16 land mostly in Hangul and other blocks; they fail.
 */
function utf16Guess(bytes: Uint8Array): string | undefined {
  const sample = bytes.subarray(0, Math.min(bytes.length, 4000) & ~1);
  if (sample.length < 2) return undefined;
  for (const encoding of ['utf-16le', 'utf-16be']) {
    const text = new TextDecoder(encoding).decode(sample);
    let plausible = 0;
    for (const ch of text) if (isPlausible(ch.codePointAt(0)!)) plausible++;
    if (plausible >= text.length * 0.9) return encoding;
  }
  return undefined;
}

function isPlausible(c: number): boolean {
  return (
    c === 0x0a ||
    c === 0x0d ||
    c === 0x09 ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0x2000 && c <= 0x206f) ||
    (c >= 0x3000 && c <= 0x303f) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xff00 && c <= 0xffef)
  );
}

/** C0 control characters other than tab, line ends and form feed: binary, not text. */
function controls(text: string): number {
  let count = 0;
  const end = Math.min(text.length, 200_000);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) count++;
  }
  return count;
}

// The commonest characters of Chinese prose, in each script.
const SIMPLIFIED = new Set(
  '的一是不了在人有我他这个们中来上大为和国地到以说时要就出也得里后自之会着过那',
);
const TRADITIONAL = new Set(
  '的一是不了在人有我他這個們中來上大為和國地到以說時要就出也得裡後自之會著過那',
);

function commonness(text: string, chars: ReadonlySet<string>): number {
  let count = 0;
  const end = Math.min(text.length, 200_000);
  for (let i = 0; i < end; i++) if (chars.has(text[i]!)) count++;
  return count;
}
