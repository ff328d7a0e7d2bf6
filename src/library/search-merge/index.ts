// Search-result merging: hits from many sources grouped into books by key, and ranked.
export { createSearchMerger, compareGroups } from './merger.ts';
export type { SearchMerger, SearchMergerOptions } from './merger.ts';
export { matchQuality, editDistance } from './match-quality.ts';
export type { MatchQuality } from './match-quality.ts';
export { RANK_WEIGHTS, rankParts, sourcesScore, freshnessScore } from './rank.ts';
export { parseUpdateTime } from './update-time.ts';
export type { SearchHit, BookGroup, MatchKind, RankParts } from './types.ts';
