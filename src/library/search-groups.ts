import { bookKey } from './normalize/index.ts';
import type { SourceBook } from './ports.ts';

/** One source's result, tagged with the source it came from. */
export interface SearchHit extends SourceBook {
  readonly sourceKey: string;
  readonly sourceName: string;
}

/** A book as the search found it: every source that has it, grouped by the normalised key. */
export interface BookGroup {
  readonly key: string;
  readonly title: string;
  readonly author: string;
  readonly coverUrl: string | undefined;
  readonly intro: string | undefined;
  readonly kind: string | undefined;
  readonly lastChapter: string | undefined;
  /** One hit per source (a source listing the same book twice keeps its first). */
  readonly hits: readonly SearchHit[];
}

/** Folds hits into book groups as they stream in. */
export interface SearchMerger {
  add(hit: SearchHit): { readonly group: BookGroup; readonly isNew: boolean };
  groups(): readonly BookGroup[];
}

/**
 * Groups by `bookKey(title, author)`. Ranking belongs to the search-merge module; this is the
 * grouping the fan-out needs to stream "book added / updated" events.
 */
export function createKeyMerger(): SearchMerger {
  const byKey = new Map<string, BookGroup>();
  return {
    add(hit) {
      const key = bookKey(hit.name, hit.author);
      const current = byKey.get(key);
      if (current === undefined) {
        const group: BookGroup = {
          key,
          title: hit.name.trim(),
          author: hit.author.trim(),
          coverUrl: nonEmpty(hit.coverUrl),
          intro: nonEmpty(hit.intro),
          kind: nonEmpty(hit.kind),
          lastChapter: nonEmpty(hit.lastChapter),
          hits: [hit],
        };
        byKey.set(key, group);
        return { group, isNew: true };
      }
      if (current.hits.some((h) => h.sourceKey === hit.sourceKey))
        return { group: current, isNew: false };
      const group: BookGroup = {
        ...current,
        coverUrl: current.coverUrl ?? nonEmpty(hit.coverUrl),
        intro: current.intro ?? nonEmpty(hit.intro),
        kind: current.kind ?? nonEmpty(hit.kind),
        lastChapter: current.lastChapter ?? nonEmpty(hit.lastChapter),
        hits: [...current.hits, hit],
      };
      byKey.set(key, group);
      return { group, isNew: false };
    },
    groups: () => [...byKey.values()],
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}
