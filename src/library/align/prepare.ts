import { normalizeChapterTitle, parseChapterTitle } from '../normalize/index.ts';
import type { ParsedChapterTitle } from '../normalize/index.ts';
import type { Features } from './features.ts';
import type { TocEntry } from './types.ts';

/** An incoming TOC entry ready to align. */
export interface PreparedEntry extends Features {
  readonly title: string;
  readonly url: string;
  /** Index among the kept entries: what `ChapterLink.position` records. */
  readonly position: number;
  readonly volumeTitle: string | undefined;
}

export interface PreparedToc {
  readonly entries: PreparedEntry[];
  readonly duplicates: number;
}

interface Row {
  readonly entry: TocEntry;
  readonly parsed: ParsedChapterTitle;
  readonly normTitle: string;
  readonly volume: number | undefined;
  readonly volumeTitle: string | undefined;
}

/**
 * Parses a TOC, drops volume headings (they set the volume of the chapters below them) and
 * duplicates. Biquge-family sites repeat the latest chapters at the top of the list; the copy
 * further down is the one in reading order, so the *last* occurrence of a URL is kept, and of a
 * numbered title within one volume. Unnumbered repeats with different URLs ("请假一天" twice) are
 * different chapters and stay.
 */
export function prepareToc(entries: readonly TocEntry[]): PreparedToc {
  const rows: Row[] = [];
  let volume: number | undefined;
  let volumeTitle: string | undefined;
  for (const entry of entries) {
    const parsed = parseChapterTitle(entry.title);
    if (parsed.kind === 'volume') {
      volume = parsed.volume;
      volumeTitle = entry.title.trim();
      continue;
    }
    const normTitle = normalizeChapterTitle(parsed.rest);
    rows.push({ entry, parsed, normTitle, volume: parsed.volume ?? volume, volumeTitle });
  }
  const titleKey = (r: Row) =>
    r.parsed.number === undefined
      ? undefined
      : `${r.volume ?? ''}|${r.parsed.kind}|${r.parsed.number}|${r.normTitle}`;
  const lastUrl = new Map<string, number>();
  const lastTitle = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    lastUrl.set(row.entry.url.trim(), i);
    const key = titleKey(row);
    if (key !== undefined) lastTitle.set(key, i);
  }
  const kept: PreparedEntry[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const url = row.entry.url.trim();
    if (url.length > 0 && lastUrl.get(url) !== i) continue;
    const key = titleKey(row);
    if (key !== undefined && lastTitle.get(key) !== i) continue;
    kept.push({
      title: row.entry.title.trim(),
      url,
      position: kept.length,
      normTitle: row.normTitle,
      number: row.parsed.number,
      volume: row.volume,
      volumeTitle: row.volumeTitle,
      kind: row.parsed.kind,
      bigrams: undefined,
    });
  }
  return { entries: kept, duplicates: rows.length - kept.length };
}
