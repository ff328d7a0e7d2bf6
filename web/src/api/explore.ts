/** Discover (发现): the sources' explore entries, a page of one list, the merged home sections. */
import { request, withQuery } from './client.ts';
import type {
  ExploreListPage,
  ExploreSection,
  ExploreSectionName,
  SourceExplore,
} from './types.ts';

export const exploreEntries = () => request<SourceExplore[]>('GET', '/explore');

export const exploreList = (list: { source: string; url: string }, page: number) =>
  request<ExploreListPage>('GET', withQuery('/explore/list', { ...list, page }));

/** Every home section, or only `section`. */
export const exploreSections = (limit: number, section?: ExploreSectionName) =>
  request<ExploreSection[]>('GET', withQuery('/explore/sections', { section, limit }));
