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
  const { url: relUrl, options } = splitUrlOptions(rel);
  const baseUrl = splitUrlOptions(base).url;
  try {
    const abs = new URL(relUrl, baseUrl).href;
    return options ? `${abs},${options}` : abs;
  } catch {
    return rel;
  }
}
