// XML 1.0 allows only these characters; scraped text sometimes carries control characters
// (e.g. "\u0008" or "\uFFFE") that would make an EPUB invalid, so they are dropped.
// Sample: "第一章\u0008" → "第一章".
// eslint-disable-next-line no-control-regex -- matching control characters is the purpose
const invalidXmlChars = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `text` without the characters XML 1.0 does not allow (escaping is left to the caller). */
export function xmlSafe(text: string): string {
  return text.replace(invalidXmlChars, '');
}

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return xmlSafe(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
