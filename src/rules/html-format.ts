/**
 * Legado's HtmlFormatter (legado-rules.md §1.4 `content`, `intro`): HTML → reading text with
 * block tags as line breaks, every line indented with two U+3000, and (formatKeepImg) `<img>`
 * kept as `<img src="absolute">` honouring lazy `data-src`/`data-*` attributes.
 */
import { absoluteUrl, splitUrlOptions } from './urls.ts';

const nbsp = /(&nbsp;)+/g; // "a&nbsp;&nbsp;b" → "a b"
const esp = /(&ensp;|&emsp;)/g; // "a&emsp;b" → "a b"
const noPrint = /(&thinsp;|&zwnj;|&zwj;|\u2009|\u200C|\u200D)/g; // "a&zwj;b" → "ab"
const wrapHtml = /<\/?(?:div|p|br|hr|h\d|article|dd|dl)[^>]*>/gi; // "a<br/>b" → "a\nb"
const comment = /<!--[^>]*-->/g; // "a<!-- x -->b" → "ab"
const notImgHtml = /<\/?(?!img)[a-zA-Z]+(?=[ >])[^<>]*>/g; // "<span>a</span><img src=x>" → "a<img src=x>"
const otherHtml = /<\/?[a-zA-Z]+(?=[ >])[^<>]*>/g; // "<b>a</b>" → "a"
const indent1 = /\s*\n+\s*/g; // "a \n\n b" → "a\n" + two U+3000 + "b"
const indent2 = /^[\n\s]+/; // "\n a" → two U+3000 + "a"
const last = /[\n\s]+$/; // "a \n" → "a"
// <img> with a templated src, a (data-)src, or any data-* attribute. Sample: '<img data-src="/a.png">' → group 2 "/a.png".
const imgPattern =
  /<img[^>]*\ssrc\s*=\s*['"]([^'"{>]*\{(?:[^{}]|\{[^}>]+\})+\})['"][^>]*>|<img[^>]*\s(?:data-src|src)\s*=\s*['"]([^'">]+)['"][^>]*>|<img[^>]*\sdata-[^=>]*=\s*['"]([^'">]*)['"][^>]*>/gi;

function format(html: string, tags: RegExp): string {
  return html
    .replace(nbsp, ' ')
    .replace(esp, ' ')
    .replace(noPrint, '')
    .replace(wrapHtml, '\n')
    .replace(comment, '')
    .replace(tags, '')
    .replace(indent1, '\n\u3000\u3000')
    .replace(indent2, '\u3000\u3000')
    .replace(last, '');
}

/**
 * HTML → indented text. With `keepImages`, images stay as `<img src="absolute">`.
 * @example formatHtmlContent('<p>一</p><p>二</p>') === '\u3000\u3000一\n\u3000\u3000二'
 */
export function formatHtmlContent(
  html: string,
  options: { keepImages?: boolean; baseUrl?: string } = {},
): string {
  if (!options.keepImages) return format(html, otherHtml);
  const text = format(html, notImgHtml);
  return text.replace(imgPattern, (_m, templated?: string, src?: string, data?: string) => {
    let param = '';
    let url = src ?? data ?? '';
    if (templated) {
      const s = splitUrlOptions(templated);
      url = s.url;
      if (s.options) param = ',' + s.options;
    }
    return `<img src="${absoluteUrl(options.baseUrl, url) || url}${param}">`;
  });
}
