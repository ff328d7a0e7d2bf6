/**
 * Java byte arrays as scripts see them: arrays of signed numbers (-128..127), the way Rhino shows a
 * Java `byte[]`. Host helpers accept them (or strings, encoded in a charset) and return them.
 */
import iconv from 'iconv-lite';
import { LinhaiError } from '#model';
import type { HostValue } from './types.ts';

export function toJavaBytes(buffer: Uint8Array): number[] {
  return Array.from(buffer, (b) => (b << 24) >> 24);
}

/** Normalises a Java charset name for iconv-lite: "UTF-8", "utf8", "GBK", "gb2312"… */
function charsetName(charset: string): string {
  const name = charset.trim().toLowerCase();
  if (!iconv.encodingExists(name)) {
    throw new LinhaiError('invalid-input', `unknown charset: ${charset}`, { details: { charset } });
  }
  return name;
}

export function encodeString(text: string, charset = 'UTF-8'): Buffer {
  const name = charsetName(charset);
  return name === 'utf-8' || name === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, name);
}

export function decodeBytes(bytes: Uint8Array, charset = 'UTF-8'): string {
  return iconv.decode(Buffer.from(bytes), charsetName(charset));
}

/** Bytes from a script value: a byte array (signed or not) or a string in `charset`. */
export function bytesOf(value: HostValue, charset = 'UTF-8'): Buffer {
  if (Array.isArray(value)) return Buffer.from(value.map((b) => Number(b) & 0xff));
  if (value === null || value === undefined) return Buffer.alloc(0);
  return encodeString(String(value), charset);
}

/** The text of a script value as Java would see it (`String.valueOf`). */
export function textOf(value: HostValue): string {
  if (value === null || value === undefined) return '';
  return String(value);
}
