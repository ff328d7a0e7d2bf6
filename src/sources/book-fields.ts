/**
 * Legado's post-processing of extracted fields (docs/legado-rules.md §1.4): book-name and author
 * cleaning, word-count formatting, the truthiness of `isVolume`/`isVip`/`isPay`.
 */

// Trailing "作者：x" or " x 著" after a name, e.g. "斗破苍穹 作者：天蚕土豆" → "斗破苍穹".
const nameTail = /\s+作\s*者.*|\s+\S+\s+著/g;
// A leading "作者：" and a trailing " 著", e.g. "作者：天蚕土豆" → "天蚕土豆".
const authorDecor = /^\s*作\s*者[:：\s]+|\s+著/g;

export function cleanBookName(name: string): string {
  return name.replace(nameTail, '').trim();
}

export function cleanAuthor(author: string): string {
  return author.replace(authorDecor, '').trim();
}

/** "123" → "123字", "123456" → "12.3万字"; anything else unchanged. */
export function formatWordCount(text: string): string {
  const t = text.trim();
  // a pure integer word count, e.g. "123456"
  if (!/^\d+$/.test(t)) return t;
  const n = Number(t);
  return n >= 10000 ? `${(n / 10000).toFixed(1)}万字` : `${n}字`;
}

/** Legado's boolean reading of a rule result: true unless blank, null, false, no, not, 0. */
export function ruleTruthy(text: string): boolean {
  const t = text.trim().toLowerCase();
  return !(t === '' || t === 'null' || t === 'false' || t === 'no' || t === 'not' || t === '0');
}

/** A list rule's order markers: leading `-` reverses the list, leading `+` is dropped. */
export function listRuleOrder(rule: string): { rule: string; reverse: boolean } {
  const t = rule.trim();
  if (t.startsWith('-')) return { rule: t.slice(1), reverse: true };
  if (t.startsWith('+')) return { rule: t.slice(1), reverse: false };
  return { rule: t, reverse: false };
}

/**
 * TOC de-duplication (§1.4): without `-`, keep the *last* entry of each chapter URL (drops the
 * "latest chapters" block printed above the full list); with `-`, keep the first and reverse.
 */
export function dedupeToc<T extends { url: string }>(entries: readonly T[], reverse: boolean): T[] {
  const seen = new Set<string>();
  if (reverse) {
    const out = entries.filter((e) => !seen.has(e.url) && (seen.add(e.url), true));
    return out.reverse();
  }
  const out: T[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i] as T;
    if (!seen.has(e.url)) {
      seen.add(e.url);
      out.push(e);
    }
  }
  return out.reverse();
}

/** Intro text: HTML (when the rule returned markup) becomes indented paragraphs, as Legado's HtmlFormatter. */
export function formatIntro(intro: string, format: (html: string) => string): string {
  // markup such as "<p>" or "<br/>" in the extracted intro
  // Trim ASCII whitespace only: the U+3000 paragraph indent stays.
  const trim = (t: string): string => t.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  return /<[a-z!/]/i.test(intro) ? trim(format(intro)) : intro.trim();
}
