/**
 * The Legado book-source schema (docs/legado-rules.md §1.3–1.4) as Linhai stores it after a lenient
 * import: sub-rules are objects, numeric fields are numbers, every other known field is a string.
 * Keys Linhai does not know are kept on the object as they came, so an export gives them back.
 */

/** `ruleSearch` / `ruleExplore` (same shape). Every value is a rule string. */
export interface BookListRule {
  bookList?: string;
  name?: string;
  author?: string;
  intro?: string;
  kind?: string;
  lastChapter?: string;
  updateTime?: string;
  bookUrl?: string;
  coverUrl?: string;
  wordCount?: string;
  /** Search only: the keyword a source checker searches for. */
  checkKeyWord?: string;
  [unknown: string]: unknown;
}

export interface BookInfoRule {
  init?: string;
  name?: string;
  author?: string;
  intro?: string;
  kind?: string;
  lastChapter?: string;
  updateTime?: string;
  coverUrl?: string;
  tocUrl?: string;
  wordCount?: string;
  canReName?: string;
  downloadUrls?: string;
  [unknown: string]: unknown;
}

export interface TocRule {
  preUpdateJs?: string;
  chapterList?: string;
  chapterName?: string;
  chapterUrl?: string;
  formatJs?: string;
  isVolume?: string;
  isVip?: string;
  isPay?: string;
  updateTime?: string;
  nextTocUrl?: string;
  [unknown: string]: unknown;
}

export interface ContentRule {
  content?: string;
  title?: string;
  nextContentUrl?: string;
  webJs?: string;
  sourceRegex?: string;
  replaceRegex?: string;
  imageStyle?: string;
  imageDecode?: string;
  payAction?: string;
  [unknown: string]: unknown;
}

/** The sub-rule objects of a source, by key. */
interface SubRules {
  ruleSearch?: BookListRule;
  ruleExplore?: BookListRule;
  ruleBookInfo?: BookInfoRule;
  ruleToc?: TocRule;
  ruleContent?: ContentRule;
  /** 段评; kept for export, never evaluated. */
  ruleReview?: Record<string, unknown>;
}

export interface BookSource extends SubRules {
  /** Identity and base URL; may carry a decorative `#…` suffix. */
  bookSourceUrl: string;
  bookSourceName: string;
  bookSourceGroup?: string;
  bookSourceType?: number;
  bookSourceComment?: string;
  variableComment?: string;
  bookUrlPattern?: string;
  customOrder?: number;
  enabled?: boolean;
  enabledExplore?: boolean;
  enabledCookieJar?: boolean;
  /** "1000" = one request per 1000 ms; "20/60000" = 20 per 60 s. */
  concurrentRate?: string;
  /** JSON object of headers, or `@js:`/`<js>` returning one. */
  header?: string;
  loginUrl?: string;
  loginUi?: string;
  loginCheckJs?: string;
  coverDecodeJs?: string;
  jsLib?: string;
  lastUpdateTime?: number;
  respondTime?: number;
  weight?: number;
  searchUrl?: string;
  exploreUrl?: string;
  exploreScreen?: string;
  /** Unknown keys (`enabledReview`, `isReverseOrder`, …) stay as imported. */
  [unknown: string]: unknown;
}

/** Keys whose value Legado reads as a string; a non-string JSON value is stored as its JSON text. */
export const stringFields = [
  'bookSourceUrl',
  'bookSourceName',
  'bookSourceGroup',
  'bookSourceComment',
  'variableComment',
  'bookUrlPattern',
  'concurrentRate',
  'header',
  'loginUrl',
  'loginUi',
  'loginCheckJs',
  'coverDecodeJs',
  'jsLib',
  'searchUrl',
  'exploreUrl',
  'exploreScreen',
] as const;

/** Keys Legado reads as integers; a non-numeric value is dropped (the default applies). */
export const intFields = [
  'bookSourceType',
  'customOrder',
  'lastUpdateTime',
  'respondTime',
  'weight',
] as const;

export const boolFields = ['enabled', 'enabledExplore', 'enabledCookieJar'] as const;

export const subRuleFields = [
  'ruleSearch',
  'ruleExplore',
  'ruleBookInfo',
  'ruleToc',
  'ruleContent',
  'ruleReview',
] as const;
