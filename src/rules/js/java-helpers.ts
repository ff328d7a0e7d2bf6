/**
 * Legado's pure `java.*` helpers (no I/O), with Legado's argument order and output formats
 * (help/JsExtensions.kt, help/JsEncodeUtils.kt). The rule engine merges these with the helpers
 * that need the engine or the network to build the `java` HostObject.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { LinhaiError } from '#model';
import { bytesOf, decodeBytes, encodeString, textOf, toJavaBytes } from './bytes.ts';
import { fixedOffsetFields, formatJavaDate, localFields } from './date-format.ts';
import { createCryptoHelpers } from './java-crypto.ts';
import { createChineseConverters } from './chinese.ts';
import { toNumChapter } from './chapter-number.ts';
import type { HostFunction, HostValue } from './types.ts';

/** android.util.Base64 flags. */
const base64Flags = { NO_PADDING: 1, NO_WRAP: 2, CRLF: 4, URL_SAFE: 8 } as const;

/** android.util.Base64.encodeToString(bytes, flags): DEFAULT (0) wraps at 76 chars and ends with "\n". */
function androidBase64Encode(bytes: Uint8Array, flags: number): string {
  let text = Buffer.from(bytes).toString('base64');
  if (flags & base64Flags.URL_SAFE) text = text.replaceAll('+', '-').replaceAll('/', '_');
  if (flags & base64Flags.NO_PADDING) text = text.replace(/=+$/, ''); // "QQ==" → "QQ"
  if (!(flags & base64Flags.NO_WRAP) && text.length > 0) {
    const newline = flags & base64Flags.CRLF ? '\r\n' : '\n';
    const lines: string[] = [];
    for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
    text = lines.join(newline) + newline;
  }
  return text;
}

/** android.util.Base64.decode: standard or URL-safe alphabet, padding optional, whitespace ignored. */
function androidBase64Decode(text: string): Buffer {
  return Buffer.from(text, 'base64');
}

/** java.net.URLEncoder.encode(str, enc): keeps a-z A-Z 0-9 . - * _, space → "+", the rest %XX. */
function javaUrlEncode(text: string, charset = 'UTF-8'): string {
  let out = '';
  for (const char of text) {
    // An unreserved character for URLEncoder, e.g. "a", "9", "*".
    if (/^[A-Za-z0-9.\-*_]$/.test(char)) out += char;
    else if (char === ' ') out += '+';
    else
      for (const byte of encodeString(char, charset))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Java digest names ("MD5", "SHA-1", "SHA256") as Node's ("md5", "sha1", "sha256"). */
function digestName(algorithm: string): string {
  return algorithm.toLowerCase().replace(/^hmac/, '').replaceAll('-', ''); // "HmacSHA-256" → "sha256"
}

function timeOf(value: HostValue): number {
  const time = Number(value);
  if (!Number.isFinite(time))
    throw new LinhaiError('invalid-input', `not a time in milliseconds: ${textOf(value)}`);
  return time;
}

const md5Hex = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

export function createPureJavaHelpers(
  options: { log?: (line: string) => void } = {},
): Record<string, HostFunction> {
  const log = (value: HostValue): HostValue => {
    options.log?.(textOf(value));
    return value;
  };
  const androidId = randomBytes(8).toString('hex');
  return {
    base64Encode: (str, flags) =>
      androidBase64Encode(bytesOf(str), flags === undefined ? base64Flags.NO_WRAP : Number(flags)),
    // base64Decode(str), base64Decode(str, charset) or base64Decode(str, flags): flags change nothing on decode here.
    base64Decode: (str, charsetOrFlags) =>
      decodeBytes(
        androidBase64Decode(textOf(str)),
        typeof charsetOrFlags === 'string' ? charsetOrFlags : 'UTF-8',
      ),
    base64DecodeToByteArray: (str) => toJavaBytes(androidBase64Decode(textOf(str))),
    md5Encode: (str) => md5Hex(textOf(str)),
    md5Encode16: (str) => md5Hex(textOf(str)).slice(8, 24),
    encodeURI: (str, charset) =>
      javaUrlEncode(textOf(str), charset === undefined ? 'UTF-8' : textOf(charset)),
    timeFormat: (time) => formatJavaDate('yyyy/MM/dd HH:mm', localFields(timeOf(time))),
    // Legado builds SimpleTimeZone(sh, "UTC"): the offset is in milliseconds, not hours.
    timeFormatUTC: (time, format, sh) =>
      formatJavaDate(textOf(format), fixedOffsetFields(timeOf(time), Number(sh ?? 0))),
    // Legado's utf8ToGbk: the GBK bytes of the text, read back as UTF-8 (mojibake by design).
    utf8ToGbk: (str) => decodeBytes(encodeString(textOf(str), 'gbk'), 'UTF-8'),
    hexDecodeToByteArray: (hex) => toJavaBytes(Buffer.from(textOf(hex), 'hex')),
    hexDecodeToString: (hex) => Buffer.from(textOf(hex), 'hex').toString('utf8'),
    hexEncodeToString: (utf8) => Buffer.from(textOf(utf8), 'utf8').toString('hex'),
    strToBytes: (str, charset) =>
      toJavaBytes(encodeString(textOf(str), charset === undefined ? 'UTF-8' : textOf(charset))),
    bytesToStr: (bytes, charset) =>
      decodeBytes(bytesOf(bytes), charset === undefined ? 'UTF-8' : textOf(charset)),
    randomUUID: () => randomUUID(),
    androidId: () => androidId,
    digestHex: (data, algorithm) =>
      createHash(digestName(textOf(algorithm)))
        .update(textOf(data), 'utf8')
        .digest('hex'),
    digestBase64Str: (data, algorithm) =>
      createHash(digestName(textOf(algorithm)))
        .update(textOf(data), 'utf8')
        .digest('base64'),
    HMacHex: (data, algorithm, key) =>
      createHmac(digestName(textOf(algorithm)), bytesOf(key))
        .update(textOf(data), 'utf8')
        .digest('hex'),
    HMacBase64: (data, algorithm, key) =>
      createHmac(digestName(textOf(algorithm)), bytesOf(key))
        .update(textOf(data), 'utf8')
        .digest('base64'),
    log,
    logType: (value) =>
      log(value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value),
    toNumChapter: (title) =>
      toNumChapter(title === null || title === undefined ? null : textOf(title)),
    toast: (msg) => void log(msg),
    longToast: (msg) => void log(msg),
    ...createChineseConverters(),
    ...createCryptoHelpers(),
  };
}
