export { Explorer, EXPLORE_ENTRIES_TTL_MS, EXPLORE_PAGE_TTL_MS } from './explorer.ts';
export type {
  ExploreCard,
  ExploreEntry,
  ExplorePage,
  ExplorerOptions,
  MergedSection,
  SectionRank,
  SourceExplore,
} from './explorer.ts';
export { exploreSections, pagesByItself, sectionOf } from './sections.ts';
export type { ExploreSection } from './sections.ts';
