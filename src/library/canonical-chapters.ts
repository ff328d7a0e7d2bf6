import type { CanonicalChapter } from './align/index.ts';
import type { ChapterKind } from './normalize/index.ts';
import type { ChapterFields, ChapterRecord } from './ports.ts';

/*
 * The alignment works on listing ids as strings; the store keeps them as integers. These two
 * functions are the only place the two shapes meet.
 */

export function toCanonical(chapter: ChapterRecord): CanonicalChapter {
  return {
    key: chapter.key,
    ordinal: chapter.ordinal,
    title: chapter.title,
    normTitle: chapter.normTitle ?? '',
    number: chapter.number,
    volume: chapter.volume,
    volumeTitle: chapter.volumeTitle,
    kind: chapter.kind as ChapterKind,
    extra: chapter.isExtra,
    links: chapter.links.map((link) => ({ ...link, listingId: String(link.listingId) })),
    firstSeenAt: chapter.firstSeenAt,
    firstListingId: String(chapter.firstListingId ?? chapter.links[0]?.listingId ?? ''),
  };
}

export function fromCanonical(chapter: CanonicalChapter): ChapterFields {
  const first = Number(chapter.firstListingId);
  return {
    key: chapter.key,
    ordinal: chapter.ordinal,
    title: chapter.title,
    normTitle: chapter.normTitle,
    number: chapter.number,
    volume: chapter.volume,
    volumeTitle: chapter.volumeTitle,
    kind: chapter.kind,
    isExtra: chapter.extra,
    firstSeenAt: chapter.firstSeenAt,
    firstListingId: chapter.firstListingId === '' || Number.isNaN(first) ? undefined : first,
    links: chapter.links.map((link) => ({ ...link, listingId: Number(link.listingId) })),
  };
}
