/**
 * Which home section an explore entry feeds, read from its title as sources write them
 * (排行榜, 完本小说, 最新更新, 新书入库, Best Rated, Complete…). The first rule that matches
 * wins, so 完本榜 is a completed list and 最新更新 an updates list.
 */
export type ExploreSection = 'ranking' | 'newest' | 'updated' | 'completed';

export const exploreSections: readonly ExploreSection[] = [
  'ranking',
  'newest',
  'updated',
  'completed',
];

const rules: ReadonlyArray<readonly [ExploreSection, RegExp]> = [
  ['completed', /完本|完结|全本|已完成|\bcomplete|\bfinished/i],
  ['updated', /更新|\bupdate/i],
  ['newest', /新书|入库|最新|新作|\bnew\b|\blatest/i],
  [
    'ranking',
    /榜|排行|排名|热门|人气|点击|推荐|畅销|\brank|\btop\b|\bpopular|\bbest|\bhot\b|\btrending/i,
  ],
];

/** The section an entry title belongs to, or undefined for a plain category. */
export function sectionOf(title: string): ExploreSection | undefined {
  return rules.find(([, pattern]) => pattern.test(title))?.[0];
}

/**
 * Whether a list URL pages: a `{{…page…}}` template, Legado's `<1,2,3>` page list, or a script
 * that reads `page`. A list that does not page has one page only.
 */
export function pagesByItself(url: string): boolean {
  if (/\{\{[^}]*\bpage\b/.test(url) || /<[^<>]*,[^<>]*>/.test(url)) return true;
  return /^\s*(@js:|<js>)/i.test(url) && /\bpage\b/.test(url);
}
