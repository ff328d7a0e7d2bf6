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

interface PreparedToc {
  readonly entries: PreparedEntry[];
  readonly duplicates: number;
}

/** How far down the list biquge-style "latest chapters" blocks reach (they show 9 to 20). */
const LATEST_BLOCK = 30;

/**
 * Parses a TOC, drops volume headings (they set the volume of the chapters below them) and
 * duplicates. Biquge-family sites repeat the latest chapters at the top of the list; the copy
 * further down is the one in reading order, so the *last* occurrence is kept of a URL with the
 * same title, and of a numbered title within one volume when the earlier copy is in that top
 * block. Repeats that differ in title are kept even on one URL (locked chapters often share a
 * placeholder such as "#"), and so are repeats on different URLs below the top block, numbered
 * or not, adjacent or not ("请假一天" twice, "第420章 …" posted twice): Legado keeps both, and a
 * real 书趣阁 TOC of 1,866 chapters has three such adjacent pairs.
 */
export function prepareToc(entries: readonly TocEntry[]): PreparedToc {
  // Parallel arrays rather than one object per row: this runs over every entry of every poll.
  const rows: number[] = [];
  const parsed: ParsedChapterTitle[] = [];
  const norms: string[] = [];
  const volumes: (number | undefined)[] = [];
  const volumeTitles: (string | undefined)[] = [];
  let volume: number | undefined;
  let volumeTitle: string | undefined;
  for (let i = 0; i < entries.length; i++) {
    const p = parseChapterTitle(entries[i]!.title);
    if (p.kind === 'volume') {
      volume = p.volume;
      volumeTitle = entries[i]!.title.trim();
      continue;
    }
    rows.push(i);
    parsed.push(p);
    norms.push(normalizeChapterTitle(p.rest));
    volumes.push(p.volume ?? volume);
    volumeTitles.push(volumeTitle);
  }
  const urls = rows.map((i) => entries[i]!.url.trim());
  const urlKeys = urls.map((url, r) => (url.length > 0 ? `${url}\n${norms[r]}` : undefined));
  const titleKeys = parsed.map((p, r) =>
    p.number === undefined ? undefined : `${volumes[r] ?? ''}|${p.kind}|${p.number}|${norms[r]}`,
  );
  const lastUrl = new Map<string, number>();
  const lastTitle = new Map<string, number>();
  for (let r = 0; r < rows.length; r++) {
    const urlKey = urlKeys[r];
    if (urlKey !== undefined) lastUrl.set(urlKey, r);
    const key = titleKeys[r];
    if (key !== undefined) lastTitle.set(key, r);
  }
  const n = rows.length;
  const sameUrl = (r: number) => urlKeys[r] !== undefined && lastUrl.get(urlKeys[r]!) !== r;
  const laterTitle = (r: number) => {
    const key = titleKeys[r];
    const later = key === undefined ? undefined : lastTitle.get(key);
    return later !== undefined && later !== r ? later : undefined;
  };
  // The top block: the leading rows that all reappear further down. Only a short block (at most
  // 30 rows and half the list) counts: two runs of "第1章…第40章" are a volume that restarts its
  // numbering without a heading, not a repeat.
  let block = 0;
  while (block < n && (sameUrl(block) || laterTitle(block) !== undefined)) block++;
  if (block > LATEST_BLOCK || 2 * block > n) block = 0;

  const kept: PreparedEntry[] = [];
  for (let r = 0; r < n; r++) {
    const url = urls[r]!;
    if (sameUrl(r)) continue;
    if (r < block && laterTitle(r) !== undefined) continue;
    const p = parsed[r]!;
    kept.push({
      title: entries[rows[r]!]!.title.trim(),
      url,
      position: kept.length,
      normTitle: norms[r]!,
      number: p.number,
      volume: volumes[r],
      volumeTitle: volumeTitles[r],
      kind: p.kind,
      bigrams: undefined,
    });
  }
  return { entries: kept, duplicates: rows.length - kept.length };
}
