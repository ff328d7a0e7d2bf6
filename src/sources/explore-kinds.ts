/**
 * Explore (discover) category lists (docs/legado-rules.md §2.8): a JSON list of `{title, url}`
 * (items without url are section headers) or text entries `title::url` separated by newlines or
 * `&&` (entries without `::` are headers). The JS form is evaluated by the driver first and its
 * result parsed here.
 */
import { parseLenientJson } from '#rules';
import type { ExploreKind } from './results.ts';

/** True when the value is the JS form (`@js:` / `<js>`), which must be evaluated first. */
export function isScriptedExplore(exploreUrl: string): boolean {
  const t = exploreUrl.trimStart();
  return t.startsWith('@js:') || t.toLowerCase().startsWith('<js>');
}

function fromJson(text: string): ExploreKind[] | undefined {
  let value: unknown;
  try {
    value = parseLenientJson(text).value;
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const out: ExploreKind[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { title, url } = item as { title?: unknown; url?: unknown };
    out.push({
      title: typeof title === 'string' ? title : '',
      url: typeof url === 'string' ? url.trim() : '',
    });
  }
  return out;
}

/** Parses the JSON or text form; never throws (an unreadable value gives an empty list). */
export function parseExploreKinds(exploreUrl: string): ExploreKind[] {
  const text = exploreUrl.trim();
  if (text === '') return [];
  if (text.startsWith('[')) {
    const json = fromJson(text);
    if (json) return json;
  }
  const out: ExploreKind[] = [];
  // entries: "玄幻::/sort/1/{{page}}.html" split on newlines or "&&"
  for (const entry of text.split(/&&|\r?\n/)) {
    const e = entry.trim();
    if (e === '') continue;
    const at = e.indexOf('::');
    if (at < 0) out.push({ title: e, url: '' });
    else out.push({ title: e.slice(0, at).trim(), url: e.slice(at + 2).trim() });
  }
  return out;
}
