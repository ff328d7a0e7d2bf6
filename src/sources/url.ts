/** URL helpers the driver needs on top of the rules layer's `absoluteUrl` (§2.3, §1.4 chapterUrl). */
import { absoluteUrl } from '#rules';

// The options suffix of a URL template: "https://x.com/1.html,{'webView':true}" → ",{'webView':true}"
const optionsSuffix = /,\s*(?=\{)/;

/** Absolute form of a rule result; keeps a `,{options}` suffix; empty stays empty. */
export function resolveUrl(base: string, rel: string): string {
  return rel.trim() === '' ? '' : absoluteUrl(base, rel);
}

/** The URL without its options suffix (for comparisons and visited sets). */
export function bareUrl(url: string): string {
  const cut = url.search(optionsSuffix);
  return cut < 0 ? url : url.slice(0, cut);
}
