import { longestChain, mergeAnchors, uniquePairs } from './anchors.ts';
import type { Pair } from './anchors.ts';
import type { Features } from './features.ts';
import { FULL_DP_CELLS, alignGap } from './gap-dp.ts';
import { makeChapterKey } from './keys.ts';
import { mergeInto } from './merge.ts';
import { prepareToc } from './prepare.ts';
import type { PreparedEntry } from './prepare.ts';
import type { AlignResult, CanonicalChapter, IncomingToc, ListingId } from './types.ts';

/**
 * Merges one listing's TOC into a book's canonical chapter list. Existing chapters keep their
 * keys; the listing's links are set to what it shows now (new links dated `seenAt`, old ones
 * keep their first-seen time); entries no chapter matches become new chapters in place.
 *
 * Matching: anchors first (this listing's known URLs, then titles unique on both sides), the
 * longest order-keeping chain of them, then, between anchors, a similarity DP over titles and
 * chapter numbers; gaps too large for a full DP are split by unique chapter numbers first.
 */
export function alignTocs(
  canonical: readonly CanonicalChapter[],
  incoming: IncomingToc,
): AlignResult {
  const { entries, duplicates } = prepareToc(incoming.entries);
  const features: Features[] = canonical.map((c) => ({
    normTitle: c.normTitle,
    number: c.number,
    volume: c.volume,
    kind: c.kind,
  }));
  const pairs = matchPairs(canonical, features, entries, incoming.listingId);
  const result = mergeInto(canonical, entries, pairs, incoming, (url, used) =>
    makeChapterKey(incoming.listingId, url, used),
  );
  return { ...result, duplicates };
}

/** Merges every listing in order, starting from an empty book. */
export function alignAll(listings: readonly IncomingToc[]): AlignResult {
  let chapters: CanonicalChapter[] = [];
  const added: string[] = [];
  const unlinked: string[] = [];
  let matched = 0;
  let duplicates = 0;
  for (const listing of listings) {
    const result = alignTocs(chapters, listing);
    chapters = result.chapters;
    // Loops, not `push(...list)`: a spread of a 200,001-chapter list overflows the stack.
    for (const key of result.added) added.push(key);
    for (const key of result.unlinked) unlinked.push(key);
    matched += result.matched;
    duplicates += result.duplicates;
  }
  return { chapters, added, matched, unlinked, duplicates };
}

function matchPairs(
  canonical: readonly CanonicalChapter[],
  features: readonly Features[],
  entries: readonly PreparedEntry[],
  listingId: ListingId,
): Pair[] {
  const ownUrl = (c: CanonicalChapter) => c.links.find((l) => l.listingId === listingId)?.url;
  // Announcements and story chapters never anchor to each other; "\u0001" keeps them apart.
  const titleKey = (f: Features) =>
    f.normTitle.length < 2
      ? undefined
      : f.kind === 'announcement'
        ? `\u0001${f.normTitle}`
        : f.normTitle;
  const anchors = longestChain(
    mergeAnchors(
      uniquePairs(canonical, entries, ownUrl, (e) => e.url || undefined),
      uniquePairs(features, entries, titleKey, titleKey),
    ),
  );
  return fillGaps(features, entries, anchors, 0, features.length, 0, entries.length, true);
}

/** Anchors plus the DP's matches in each gap between them, in order. */
function fillGaps(
  features: readonly Features[],
  entries: readonly PreparedEntry[],
  anchors: readonly Pair[],
  c0: number,
  c1: number,
  s0: number,
  s1: number,
  splitLarge: boolean,
): Pair[] {
  const out: Pair[] = [];
  let c = c0;
  let s = s0;
  for (const anchor of [...anchors, { c: c1, s: s1 }]) {
    const m = anchor.c - c;
    const n = anchor.s - s;
    if (m > 0 && n > 0) {
      if (splitLarge && m * n > FULL_DP_CELLS) {
        // Too large for a full DP: anchor on chapter numbers unique within the gap.
        const numberKey = (f: Features) =>
          f.number !== undefined && f.kind === 'chapter' ? String(f.number) : undefined;
        const inner = longestChain(
          uniquePairs(features, entries, numberKey, numberKey, c, anchor.c, s, anchor.s),
        );
        for (const p of fillGaps(features, entries, inner, c, anchor.c, s, anchor.s, false))
          out.push(p);
      } else {
        for (const p of alignGap(features, entries, c, anchor.c, s, anchor.s)) out.push(p);
      }
    }
    if (anchor.c < c1) out.push(anchor);
    c = anchor.c + 1;
    s = anchor.s + 1;
  }
  return out;
}
