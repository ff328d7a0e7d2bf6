/**
 * Charset detection and decoding for response bodies, and encoding for request bodies and query
 * strings. Order: BOM, then the source's override, then Content-Type, then `<meta charset>` /
 * `http-equiv` (encoding-sniffer's prescan of the first 1024 bytes). GBK and GB2312 labels decode
 * with the GB18030 decoder: on Node 20 `TextDecoder('gb18030')` matches the WHATWG index exactly,
 * `TextDecoder('gbk')` does not.
 */
import { Sniffer, ResultType } from 'encoding-sniffer/sniffer';
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { LinhaiError } from '#model';

/** How the charset was chosen: shown in diagnostics and tested. */
export type CharsetSource = 'bom' | 'override' | 'header' | 'meta' | 'detected' | 'fallback';

export interface DecodedBody {
  readonly text: string;
  /** Lower-case WHATWG name of the decoder used, e.g. "gb18030", "utf-8", "big5". */
  readonly charset: string;
  readonly source: CharsetSource;
}

/** WHATWG name for a label, with gbk/gb2312 mapped to gb18030; undefined when unknown. */
export function normalizeCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  // Creating a TextDecoder to read the label is costly per request: remember the answers.
  if (charsetNames.has(label)) return charsetNames.get(label);
  let name: string | undefined;
  try {
    name = new TextDecoder(label.trim()).encoding;
    if (name === 'gbk') name = 'gb18030';
  } catch {
    name = undefined;
  }
  if (charsetNames.size < 1000) charsetNames.set(label, name);
  return name;
}
const charsetNames = new Map<string, string | undefined>();

/** The charset parameter of a Content-Type header: `text/html; charset="GBK"` → "GBK". */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  // Sample: "text/html; charset=gbk" or 'text/html;charset="utf-8"'
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType);
  return match?.[1];
}

/** BOM or `<meta>`/XML declaration found in the first 1024 bytes, without the transport label. */
function sniffDocument(bytes: Uint8Array): { bom?: string; meta?: string } {
  const sniffer = new Sniffer({ defaultEncoding: 'utf-8' });
  sniffer.write(bytes.subarray(0, 1024));
  if (sniffer.resultType === ResultType.BOM) return { bom: normalizeCharset(sniffer.encoding) };
  if (
    sniffer.resultType === ResultType.META_TAG ||
    sniffer.resultType === ResultType.XML_ENCODING
  ) {
    return { meta: normalizeCharset(sniffer.encoding) };
  }
  return {};
}

const decoders = new Map<string, TextDecoder>();
function decoder(charset: string, fatal: boolean): TextDecoder {
  const key = `${charset}:${fatal}`;
  let d = decoders.get(key);
  if (!d) {
    d = new TextDecoder(charset, { fatal });
    decoders.set(key, d);
  }
  return d;
}

/** Decodes with a known charset, replacing invalid sequences with U+FFFD. */
export function decodeWith(bytes: Uint8Array, charset: string): string {
  const name = normalizeCharset(charset);
  if (!name) {
    throw new LinhaiError('net-charset', `unknown charset "${charset}"`, { details: { charset } });
  }
  return decoder(name, false).decode(bytes);
}

/** A byte order mark's charset: EF BB BF, FE FF, FF FE. */
function bomCharset(b: Uint8Array): string | undefined {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  return undefined;
}

/**
 * Picks the charset and decodes. A page declared UTF-8 whose bytes are not UTF-8 (the usual
 * mislabelled GBK page) falls back to its `<meta>` label, else GB18030; a page declared in a
 * legacy charset whose non-ASCII bytes are valid UTF-8 is read as UTF-8 (random GBK text almost
 * never is). The `<meta>` prescan runs only when the answer depends on it.
 */
export function decodeBody(
  bytes: Uint8Array,
  options: { contentType?: string | undefined; override?: string | undefined } = {},
): DecodedBody {
  const decode = (charset: string, source: CharsetSource): DecodedBody => ({
    text: decoder(charset, false).decode(bytes),
    charset,
    source,
  });
  const bom = bomCharset(bytes);
  if (bom) return decode(bom, 'bom'); // TextDecoder drops the BOM itself
  if (options.override) {
    const charset = normalizeCharset(options.override);
    if (!charset) {
      throw new LinhaiError(
        'net-charset',
        `the source's charset "${options.override}" is unknown`,
        {
          details: { charset: options.override },
        },
      );
    }
    return decode(charset, 'override');
  }
  const header = normalizeCharset(charsetFromContentType(options.contentType));
  const meta = () => sniffDocument(bytes).meta;
  if (isUtf8(bytes)) {
    const ascii = isAscii(bytes);
    if (header && (ascii || header === 'utf-8')) return decode(header, 'header');
    const m = meta();
    if (!header && !m) return decode('utf-8', 'fallback');
    if (!header && ascii) return decode(m!, 'meta');
    return decode('utf-8', m === 'utf-8' ? 'meta' : 'detected');
  }
  if (header && header !== 'utf-8') return decode(header, 'header');
  const m = meta();
  if (m && m !== 'utf-8') return decode(m, 'meta');
  return decode('gb18030', 'fallback');
}

/** iconv-lite's name for a WHATWG charset: GBK requests stay GBK (browsers encode so). */
function encoderName(charset: string): string {
  const label = charset.trim().toLowerCase();
  if (label === 'gbk' || label === 'gb2312' || label === 'x-gbk') return 'gbk';
  return normalizeCharset(label) ?? label;
}

/** Encodes text in a charset (UTF-8 by default). */
export function encodeText(text: string, charset: string | undefined): Uint8Array {
  const name = charset ? encoderName(charset) : 'utf-8';
  if (name === 'utf-8') return new TextEncoder().encode(text);
  if (!iconv.encodingExists(name)) {
    throw new LinhaiError('net-charset', `cannot encode in charset "${charset}"`, {
      details: { charset },
    });
  }
  return new Uint8Array(iconv.encode(text, name));
}

/** Percent-encodes every non-ASCII run in the charset's bytes ("斗破" in GBK → "%B6%B7%C6%C6"). */
export function percentEncodeNonAscii(text: string, charset: string | undefined): string {
  // Sample: "searchkey=斗破&page=1" → the run "斗破" is replaced.
  return text.replace(/[^\p{ASCII}]+/gu, (run) =>
    Array.from(
      encodeText(run, charset),
      (b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'),
    ).join(''),
  );
}

/**
 * A URL whose query string's non-ASCII characters are encoded in the charset, as a browser does
 * on a page in that charset. The path stays for the URL parser (always UTF-8).
 */
export function encodeUrl(url: string, charset: string | undefined): string {
  const name = charset ? encoderName(charset) : 'utf-8';
  const q = url.indexOf('?');
  if (name === 'utf-8' || q < 0) return url; // the WHATWG URL parser encodes UTF-8 itself
  const hash = url.indexOf('#', q);
  const query = hash >= 0 ? url.slice(q, hash) : url.slice(q);
  return (
    url.slice(0, q) + percentEncodeNonAscii(query, charset) + (hash >= 0 ? url.slice(hash) : '')
  );
}
