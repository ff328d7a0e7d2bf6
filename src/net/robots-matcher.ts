/**
 * robots.txt parsing and matching, ported from Google's reference matcher (google/robotstxt,
 * robots.cc) so that the 145 cases of its test suite pass. robots-parser 3 disagrees with Google on
 * several of them (typos in keys, missing colons, index.html, byte-level escaping), so this is our
 * own. Everything works on "byte strings": each UTF-8 byte of the input is one UTF-16 unit, exactly
 * as the C++ code sees `char`s.
 */

/** Longest line kept; longer lines are cut (Google: 2083 * 8 bytes, minus the terminator). */
const maxLineBytes = 2083 * 8 - 1;

/** Receives each directive in order, as Google's RobotsParseHandler does. */
interface RobotsParseHandler {
  userAgent(line: number, value: string): void;
  allow(line: number, value: string): void;
  disallow(line: number, value: string): void;
  sitemap(line: number, value: string): void;
  unknown(line: number, key: string, value: string): void;
}

/** UTF-8 text → byte string (one char per byte). */
export function toByteString(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}

/** Byte string → UTF-8 text. */
export function fromByteString(bytes: string): string {
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function strip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isSpace(s[start]!)) start++;
  while (end > start && isSpace(s[end - 1]!)) end--;
  return s.slice(start, end);
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c); // "a"

/** Percent-escapes bytes ≥ 0x80 and upper-cases existing escapes ("%aa" → "%AA", "á" → "%C3%A1"). */
export function escapePattern(bytes: string): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === '%' && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
      out += '%' + bytes[i + 1]!.toUpperCase() + bytes[i + 2]!.toUpperCase();
      i += 2;
    } else if (c.charCodeAt(0) >= 0x80) {
      out += '%' + c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0');
    } else {
      out += c;
    }
  }
  return out;
}

/** Splits "key: value" (or "key value" when the colon is missing); undefined for no directive. */
function keyAndValue(rawLine: string): [string, string] | undefined {
  const hash = rawLine.indexOf('#');
  const line = strip(hash >= 0 ? rawLine.slice(0, hash) : rawLine);
  let sep = line.indexOf(':');
  if (sep < 0) {
    // Google accepts whitespace instead of the colon, when there are exactly two tokens.
    const ws = line.search(/[ \t]/); // "Disallow /x" → 8
    if (ws < 0) return undefined;
    const rest = line.slice(ws).replace(/^[ \t]+/, ''); // "  /x" → "/x"
    if (/[ \t]/.test(rest)) return undefined; // "a b c": more than two tokens
    sep = ws;
  }
  const key = strip(line.slice(0, sep));
  if (key.length === 0) return undefined;
  return [key, strip(line.slice(sep + 1))];
}

const startsWithI = (s: string, prefix: string): boolean =>
  s.slice(0, prefix.length).toLowerCase() === prefix;

function emit(handler: RobotsParseHandler, line: number, key: string, value: string): void {
  if (['user-agent', 'useragent', 'user agent'].some((p) => startsWithI(key, p))) {
    handler.userAgent(line, value);
  } else if (startsWithI(key, 'allow')) {
    handler.allow(line, escapePattern(value));
  } else if (
    ['disallow', 'dissallow', 'dissalow', 'disalow', 'diasllow', 'disallaw'].some((p) =>
      startsWithI(key, p),
    )
  ) {
    handler.disallow(line, escapePattern(value));
  } else if (startsWithI(key, 'sitemap') || startsWithI(key, 'site-map')) {
    handler.sitemap(line, value);
  } else {
    handler.unknown(line, key, escapePattern(value));
  }
}

/** Parses a robots.txt byte string, calling the handler for each directive. */
export function parseRobots(body: string, handler: RobotsParseHandler): void {
  const bom = '\xEF\xBB\xBF';
  let bomPos = 0;
  let line = '';
  let lineNum = 0;
  let lastWasCr = false;
  const flush = () => {
    const kv = keyAndValue(line);
    lineNum++;
    if (kv) emit(handler, lineNum, kv[0], kv[1]);
  };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    // A (partial) UTF-8 byte order mark at the very start is skipped.
    if (bomPos < 3 && ch === bom[bomPos++]) continue;
    bomPos = 3;
    if (ch !== '\n' && ch !== '\r') {
      if (line.length < maxLineBytes) line += ch;
    } else {
      const crlfContinuation = line.length === 0 && lastWasCr && ch === '\n';
      if (!crlfContinuation) flush();
      line = '';
      lastWasCr = ch === '\r';
    }
  }
  flush();
}

/** The part of a URL robots.txt rules match: path, params and query, without the fragment. */
export function pathParamsQuery(url: string): string {
  let searchStart = 0;
  if (url.startsWith('//')) searchStart = 2;
  const firstOf = (chars: string, from: number): number => {
    for (let i = from; i < url.length; i++) if (chars.includes(url[i]!)) return i;
    return -1;
  };
  const earlyPath = firstOf('/?;', searchStart);
  let protocolEnd = url.indexOf('://', searchStart);
  if (earlyPath >= 0 && (protocolEnd < 0 || earlyPath < protocolEnd)) protocolEnd = -1;
  protocolEnd = protocolEnd < 0 ? searchStart : protocolEnd + 3;
  const pathStart = firstOf('/?;', protocolEnd);
  if (pathStart < 0) return '/';
  const hash = url.indexOf('#', searchStart);
  if (hash >= 0 && hash < pathStart) return '/';
  const path = url.slice(pathStart, hash < 0 ? url.length : hash);
  return path.startsWith('/') ? path : '/' + path;
}

/** Google's pattern match: `*` matches anything, a final `$` anchors the end. */
export function patternMatches(path: string, pattern: string): boolean {
  let positions = [0];
  for (let p = 0; p < pattern.length; p++) {
    const c = pattern[p]!;
    if (c === '$' && p + 1 === pattern.length) {
      return positions[positions.length - 1] === path.length;
    }
    if (c === '*') {
      const from = positions[0]!;
      positions = [];
      for (let i = from; i <= path.length; i++) positions.push(i);
    } else {
      const next: number[] = [];
      for (const pos of positions) if (pos < path.length && path[pos] === c) next.push(pos + 1);
      if (next.length === 0) return false;
      positions = next;
    }
  }
  return true;
}

/** The product token of a user agent: leading letters, "-" and "_" ("Linhai/0.1" → "Linhai"). */
export function extractUserAgent(userAgent: string): string {
  return /^[A-Za-z_-]*/.exec(userAgent)![0]; // "Foobot/2.1" → "Foobot"
}

/** Whether a user agent is a valid token to obey ("Foobot" yes, "Foobot/2.1" or "" no). */
export function isValidUserAgentToObey(userAgent: string): boolean {
  return userAgent.length > 0 && extractUserAgent(userAgent) === userAgent;
}
