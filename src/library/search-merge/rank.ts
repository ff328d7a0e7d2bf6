import type { RankParts } from './types.ts';

/**
 * Weights of the rank. Match quality dominates so an exact title with one source still beats a
 * loose match many sources carry; among equally good matches, more sources, fresher updates and
 * healthier sources come first.
 */
export const RANK_WEIGHTS = { match: 0.6, sources: 0.2, freshness: 0.1, health: 0.1 } as const;

/** Eight sources count as "all of them": 1 source → 0.32, 3 → 0.63, 8+ → 1. */
export function sourcesScore(count: number): number {
  return Math.min(1, Math.log2(1 + count) / Math.log2(9));
}

/** 1 when updated now, halving every 30 days; 0 when unknown. */
export function freshnessScore(updatedAt: number | undefined, now: number): number {
  if (updatedAt === undefined) return 0;
  const ageDays = Math.max(0, now - updatedAt) / 86_400_000;
  return Math.pow(0.5, ageDays / 30);
}

export function rankParts(
  match: number,
  sourceCount: number,
  freshness: number,
  health: number,
): RankParts {
  const sources = sourcesScore(sourceCount);
  const h = Math.min(1, Math.max(0, health));
  const score =
    RANK_WEIGHTS.match * match +
    RANK_WEIGHTS.sources * sources +
    RANK_WEIGHTS.freshness * freshness +
    RANK_WEIGHTS.health * h;
  return { match, sources, freshness, health: h, score };
}
