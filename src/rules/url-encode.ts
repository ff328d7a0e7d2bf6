/**
 * Query and form encoding as Legado does it (legado-rules.md §2.4, pitfall 5): `{{key}}` is
 * inserted raw and the query is encoded afterwards, in the source's charset (GBK via iconv-lite),
 * with a permissive safe set; a query that already looks percent-encoded is sent verbatim.
 */
import iconv from 'iconv-lite';
import { LinhaiError } from '#model';

// Unreserved plus the permissive set !$%&()*+,/:;=?@[\]^`{|} — sample: "a b" → "a%20b", "书" → "%E4%B9%A6".
const safe = /[A-Za-z0-9\-._~!$%&()*+,/:;=?@[\\\]^`{|}]/;

/** Only safe characters and valid `%XX` escapes. Sample: "q=%C4%E3" → true; "q=你" → false. */
function looksEncoded(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '%') {
      if (!/^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) return false;
      i += 2;
    } else if (!safe.test(c) || c === '+') {
      if (c !== '+') return false;
    }
  }
  return true;
}

function encodeBytes(text: string, charset: string | undefined): Uint8Array {
  const cs = (charset ?? 'utf-8').toLowerCase();
  if (cs === 'utf-8' || cs === 'utf8') return new TextEncoder().encode(text);
  if (!iconv.encodingExists(cs))
    throw new LinhaiError('rule-error', `unknown charset option: ${charset}`, {
      details: { rule: charset },
    });
  return iconv.encode(text, cs);
}

function hex(b: number): string {
  return '%' + b.toString(16).toUpperCase().padStart(2, '0');
}

/** Percent-encodes every character outside the safe set, using `charset` bytes. */
export function encodeQuery(query: string, charset?: string): string {
  if (!charset && looksEncoded(query)) return query;
  if (charset?.toLowerCase() === 'escape')
    return query.replace(/[^A-Za-z0-9@*_+\-./=&]/g, jsEscape);
  let out = '';
  for (const ch of query) {
    if (safe.test(ch)) out += ch;
    else for (const b of encodeBytes(ch, charset)) out += hex(b);
  }
  return out;
}

/** JavaScript `escape()` of one character: %XX or %uXXXX. */
function jsEscape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 256 ? hex(code) : '%u' + code.toString(16).toUpperCase().padStart(4, '0');
}

/** Java `URLEncoder.encode` in a charset: space → `+`, only `A-Za-z0-9.-*_` kept. */
function urlEncoderEncode(value: string, charset?: string): string {
  let out = '';
  for (const ch of value) {
    if (/[A-Za-z0-9.\-*_]/.test(ch)) out += ch;
    else if (ch === ' ') out += '+';
    else for (const b of encodeBytes(ch, charset)) out += hex(b);
  }
  return out;
}

/** A form body: each key and value encoded (already-encoded values kept when no charset is given). */
export function encodeForm(body: string, charset?: string): string {
  if (!body) return '';
  return body
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const k = eq < 0 ? pair : pair.slice(0, eq);
      const v = eq < 0 ? undefined : pair.slice(eq + 1);
      const enc = (s: string): string =>
        charset?.toLowerCase() === 'escape'
          ? escape(s)
          : !charset && looksEncoded(s)
            ? s
            : urlEncoderEncode(s, charset);
      return v === undefined ? enc(k) : `${enc(k)}=${enc(v)}`;
    })
    .join('&');
}
