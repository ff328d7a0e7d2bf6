import type { Pair } from './anchors.ts';
import type { PreparedEntry } from './prepare.ts';
import type {
  AlignResult,
  CanonicalChapter,
  ChapterLink,
  IncomingToc,
  ListingId,
} from './types.ts';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What a chapter's identity and title come from: an existing chapter or a new entry. */
interface Source {
  readonly title: string;
  readonly normTitle: string;
  readonly number?: number | undefined;
  readonly volume?: number | undefined;
  readonly volumeTitle?: string | undefined;
  readonly kind: CanonicalChapter['kind'];
}

/**
 * One literal with a fixed field order, no spreads (V8 keeps one hidden class, which matters for
 * 5,000 chapters); optional fields are left out rather than set to undefined, so stored rows
 * stay clean.
 */
function chapter(
  key: string,
  src: Source,
  links: readonly ChapterLink[],
  firstSeenAt: number,
  firstListingId: ListingId,
  ordinal: number,
): CanonicalChapter {
  const c: Mutable<CanonicalChapter> = {
    key,
    ordinal,
    title: src.title,
    normTitle: src.normTitle,
    kind: src.kind,
    extra: src.kind === 'announcement' && links.length <= 1,
    links,
    firstSeenAt,
    firstListingId,
  };
  if (src.number !== undefined) c.number = src.number;
  if (src.volume !== undefined) c.volume = src.volume;
  if (src.volumeTitle !== undefined) c.volumeTitle = src.volumeTitle;
  return c;
}

/**
 * Builds the new canonical list from the matched pairs. Between two matches, chapters only the
 * canonical list has and entries only the incoming TOC has are interleaved by chapter number
 * where both sides are numbered; otherwise the existing chapters come first.
 */
export function mergeInto(
  canonical: readonly CanonicalChapter[],
  entries: readonly PreparedEntry[],
  pairs: readonly Pair[],
  incoming: IncomingToc,
  newKey: (url: string, used: Set<string>) => string,
): AlignResult {
  const { listingId, seenAt } = incoming;
  const usedKeys = new Set<string>();
  for (const c of canonical) usedKeys.add(c.key);
  const out: CanonicalChapter[] = [];
  const added: string[] = [];
  const unlinked: string[] = [];

  const emitNew = (e: PreparedEntry) => {
    const key = newKey(e.url, usedKeys);
    added.push(key);
    const links = [{ listingId, url: e.url, position: e.position, firstSeenAt: seenAt }];
    out.push(chapter(key, e, links, seenAt, listingId, out.length));
  };
  const emitExisting = (c: CanonicalChapter, entry: PreparedEntry | undefined) => {
    const own = c.links.find((l) => l.listingId === listingId);
    if (entry === undefined) {
      if (own !== undefined) unlinked.push(c.key);
      const links = own === undefined ? c.links : c.links.filter((l) => l !== own);
      out.push(chapter(c.key, c, links, c.firstSeenAt, c.firstListingId, out.length));
      return;
    }
    const link: ChapterLink = {
      listingId,
      url: entry.url,
      position: entry.position,
      firstSeenAt: own?.firstSeenAt ?? seenAt,
    };
    const links =
      own === undefined ? [...c.links, link] : c.links.map((l) => (l === own ? link : l));
    const earlier = link.firstSeenAt < c.firstSeenAt;
    // A chapter first seen without volume headings takes them from a listing that has them.
    const src =
      c.volume === undefined && entry.volume !== undefined
        ? { ...c, volume: entry.volume, volumeTitle: entry.volumeTitle }
        : c;
    out.push(
      chapter(
        c.key,
        src,
        links,
        earlier ? link.firstSeenAt : c.firstSeenAt,
        earlier ? listingId : c.firstListingId,
        out.length,
      ),
    );
  };

  let c = 0;
  let s = 0;
  for (const pair of [...pairs, { c: canonical.length, s: entries.length }]) {
    if (pair.c > c || pair.s > s)
      interleave(canonical, c, pair.c, entries, s, pair.s, emitNew, emitExisting);
    if (pair.c < canonical.length) emitExisting(canonical[pair.c]!, entries[pair.s]!);
    c = pair.c + 1;
    s = pair.s + 1;
  }
  return { chapters: out, added, matched: pairs.length, unlinked, duplicates: 0 };
}

/**
 * Stable merge of existing[c0,c1) and fresh[s0,s1): an incoming entry goes before an existing
 * chapter only when both are numbered story chapters of one volume and its number is lower.
 */
function interleave(
  existing: readonly CanonicalChapter[],
  c0: number,
  c1: number,
  fresh: readonly PreparedEntry[],
  s0: number,
  s1: number,
  emitNew: (e: PreparedEntry) => void,
  emitExisting: (c: CanonicalChapter, e: undefined) => void,
): void {
  let i = c0;
  let j = s0;
  while (i < c1 || j < s1) {
    const a = i < c1 ? existing[i] : undefined;
    const b = j < s1 ? fresh[j] : undefined;
    const freshFirst =
      a === undefined ||
      (b !== undefined &&
        a.number !== undefined &&
        b.number !== undefined &&
        a.kind === 'chapter' &&
        b.kind === 'chapter' &&
        (a.volume === undefined || b.volume === undefined || a.volume === b.volume) &&
        b.number < a.number);
    if (freshFirst) emitNew(fresh[j++]!);
    else emitExisting(existing[i++]!, undefined);
  }
}
