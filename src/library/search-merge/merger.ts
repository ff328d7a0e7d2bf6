import { systemClock } from '#model';
import type { Clock } from '#model';
import { bookKey, normalizeTitle, parseChapterTitle } from '../normalize/index.ts';
import { matchQuality } from './match-quality.ts';
import type { MatchQuality } from './match-quality.ts';
import { freshnessScore, rankParts } from './rank.ts';
import { parseUpdateTime } from './update-time.ts';
import type { BookGroup, SearchHit } from './types.ts';

export interface SearchMergerOptions {
  /** What the reader typed; match quality is measured against it. */
  readonly query: string;
  readonly clock?: Pick<Clock, 'now'>;
  /** A source's health, 0..1 (success rate, latency); unknown sources count 0.5. */
  readonly health?: (sourceKey: string) => number | undefined;
}

export interface SearchMerger {
  /**
   * Adds one hit as it streams in and returns its book's group, updated. A hit without a
   * title has no book to join: it is ignored and undefined is returned.
   */
  add(hit: SearchHit): BookGroup | undefined;
  /** All groups, best first. */
  groups(): BookGroup[];
  get(key: string): BookGroup | undefined;
}

interface State {
  readonly key: string;
  readonly match: MatchQuality;
  readonly hits: SearchHit[];
  snapshot: BookGroup | undefined;
}

/** Groups streaming search hits into books by `bookKey` and ranks the groups. */
export function createSearchMerger(options: SearchMergerOptions): SearchMerger {
  const clock = options.clock ?? systemClock;
  const health = (sourceKey: string) => options.health?.(sourceKey) ?? 0.5;
  const states = new Map<string, State>();

  const snapshot = (state: State): BookGroup => {
    state.snapshot ??= build(state, clock.now(), health);
    return state.snapshot;
  };

  return {
    add(hit) {
      if (normalizeTitle(hit.name).length === 0) return undefined;
      const key = bookKey(hit.name, hit.author);
      let state = states.get(key);
      if (state === undefined) {
        state = {
          key,
          match: matchQuality(options.query, hit.name, hit.author),
          hits: [],
          snapshot: undefined,
        };
        states.set(key, state);
      }
      // The same book page from the same source again (a second result page): keep the newer copy.
      const same = state.hits.findIndex(
        (h) => h.sourceKey === hit.sourceKey && h.bookUrl === hit.bookUrl,
      );
      if (same >= 0) state.hits[same] = hit;
      else state.hits.push(hit);
      state.snapshot = undefined;
      return snapshot(state);
    },
    groups() {
      return [...states.values()].map(snapshot).sort(compareGroups);
    },
    get(key) {
      const state = states.get(key);
      return state === undefined ? undefined : snapshot(state);
    },
  };
}

/** Best first: rank score, then more sources, then title for a stable order. */
export function compareGroups(a: BookGroup, b: BookGroup): number {
  return b.rank.score - a.rank.score || b.sourceCount - a.sourceCount || a.key.localeCompare(b.key);
}

function build(state: State, now: number, health: (sourceKey: string) => number): BookGroup {
  const hits = state.hits;
  const first = hits[0]!;
  const sources = new Set(hits.map((h) => h.sourceKey));
  let updatedAt: number | undefined;
  let latest: { title: string; number?: number; sourceKey: string; at: number } | undefined;
  let bestHealth = 0;
  for (const hit of hits) {
    const at = parseUpdateTime(hit.updateTime, now);
    if (at !== undefined && (updatedAt === undefined || at > updatedAt)) updatedAt = at;
    bestHealth = Math.max(bestHealth, health(hit.sourceKey));
    const title = hit.lastChapter?.trim();
    if (title) {
      const number = parseChapterTitle(title).number;
      const better =
        latest === undefined ||
        (number ?? -1) > (latest.number ?? -1) ||
        ((number ?? -1) === (latest.number ?? -1) && (at ?? 0) > latest.at);
      if (better)
        latest = {
          title,
          ...(number !== undefined && { number }),
          sourceKey: hit.sourceKey,
          at: at ?? 0,
        };
    }
  }
  const pick = (field: 'coverUrl' | 'kind' | 'wordCount') =>
    hits.map((h) => h[field]?.trim()).find((v) => v !== undefined && v.length > 0);
  // The longest intro is usually the complete one; others are cut with "…".
  const intro = hits
    .map((h) => h.intro?.trim() ?? '')
    .reduce((best, v) => (v.length > best.length ? v : best), '');
  const coverUrl = pick('coverUrl');
  const kind = pick('kind');
  const wordCount = pick('wordCount');
  return {
    key: state.key,
    title: first.name.trim(),
    author: first.author.trim(),
    hits: [...hits],
    sourceCount: sources.size,
    ...(coverUrl !== undefined && { coverUrl }),
    ...(intro.length > 0 && { intro }),
    ...(kind !== undefined && { kind }),
    ...(wordCount !== undefined && { wordCount }),
    ...(latest !== undefined && {
      latestChapter: {
        title: latest.title,
        ...(latest.number !== undefined && { number: latest.number }),
        sourceKey: latest.sourceKey,
      },
    }),
    ...(updatedAt !== undefined && { updatedAt }),
    match: state.match.kind,
    rank: rankParts(state.match.score, sources.size, freshnessScore(updatedAt, now), bestHealth),
  };
}
