/**
 * Relative URL resolution as Legado's NetworkUtils.getAbsoluteURL (legado-rules.md §2.3): the base
 * loses any `,{options}` suffix, absolute `http(s):`/`data:` URLs pass through, `javascript…`
 * becomes empty, a relative URL keeps its own `,{options}` suffix, and failures return the input.
 */

// The first "," followed by optional spaces and "{": sample "/s?q=1,{'method':'POST'}" → index 6.
const optionsStart = /,\s*(?=\{)/;

export function splitUrlOptions(url: string): { url: string; options: string } {
  const m = optionsStart.exec(url);
  if (!m) return { url, options: '' };
  return { url: url.slice(0, m.index), options: url.slice(m.index + m[0].length) };
}

/**
 * @example absoluteUrl('https://x.com/a/b.html', '../c.html') === 'https://x.com/c.html'
 * @example absoluteUrl('https://x.com/#🎃', '/s?q=1,{"method":"POST"}') === 'https://x.com/s?q=1,{"method":"POST"}'
 */
export function absoluteUrl(base: string | undefined, relative: string): string {
  const rel = relative.trim();
  if (!rel) return '';
  if (/^javascript/i.test(rel)) return '';
  if (/^(https?:|data:)/i.test(rel)) return rel;
  if (!base) return rel;
  const simple = simpleResolve(base, rel);
  if (simple !== undefined) return simple;
  const { url: relUrl, options } = splitUrlOptions(rel);
  const baseUrl = splitUrlOptions(base).url;
  try {
    const abs = new URL(relUrl, baseUrl).href;
    return options ? `${abs},${options}` : abs;
  } catch {
    return rel;
  }
}

/** What a base resolves plain references against: `http://u@h:1` and `http://u@h:1/a/`. */
interface BaseParts {
  readonly root: string;
  readonly dir: string;
}
// One entry: a TOC resolves thousands of links against the same page URL in a row.
let lastBase: { base: string; parts: BaseParts | undefined } | undefined;

function baseParts(base: string): BaseParts | undefined {
  if (lastBase?.base === base) return lastBase.parts;
  let parts: BaseParts | undefined;
  try {
    const url = new URL(splitUrlOptions(base).url);
    if (url.protocol === 'http:' || url.protocol === 'https:')
      parts = { root: new URL('/', url).href.slice(0, -1), dir: new URL('./', url).href };
  } catch {
    parts = undefined;
  }
  lastBase = { base, parts };
  return parts;
}

// References WHATWG parsing leaves as written once joined to the base: ASCII letters, digits and
// the characters no percent-encode set of a special URL's path or query holds; no `#`, `\\`, space
// or `{` (an options suffix). Dot segments (`/.`, `%2e`) are ruled out separately.
const plainPath = /^\/(?![/\\])[\w\-.~%!$&()*+,;=:@/]*(?:\?[\w\-.~%!$&()*+,;=:@/?]*)?$/;
const plainRelative = /^[\w\-~][\w\-.~%!$&()*+,;=@/]*(?:\?[\w\-.~%!$&()*+,;=:@/?]*)?$/;
const dotSegment = /\/\.|%2e/i;

/** `new URL(rel, base).href` without parsing, for the plain references a TOC is made of
 *  (`/10_10001/123.html`, `123.html`: ~0.6 µs each through URL, 3,000 a page); else undefined. */
function simpleResolve(base: string, rel: string): string | undefined {
  const first = rel.charCodeAt(0);
  const pattern = first === 47 /* / */ ? plainPath : plainRelative;
  if (!pattern.test(rel) || dotSegment.test(rel)) return undefined;
  const parts = baseParts(base);
  if (parts === undefined) return undefined;
  return first === 47 ? parts.root + rel : parts.dir + rel;
}
