/**
 * Search and explore result lists (docs/legado-rules.md §1.4 ruleSearch/ruleExplore, §1.5): the
 * list is read with base = the final response URL; a response whose final URL fully matches
 * `bookUrlPattern`, or an empty list when no pattern is set, is a detail page (single hit);
 * `-` reverses; items without a name are dropped; results are de-duplicated by bookUrl (first wins).
 */
import {
  formatHtmlContent,
  getElements,
  getString,
  getStringList,
  translateJavaRegex,
} from '#rules';
import type { ParsedContent, RuleContext, RuleInput } from '#rules';
import { readBookInfo } from './book-info.ts';
import {
  cleanAuthor,
  cleanBookName,
  formatIntro,
  formatWordCount,
  listRuleOrder,
} from './book-fields.ts';
import type { SearchResult } from './results.ts';
import type { Stage } from './stage.ts';
import type { BookListRule } from './types.ts';
import { resolveUrl } from './url.ts';

/** True when `url` fully matches the source's `bookUrlPattern` (a Java regex). */
function matchesBookUrlPattern(pattern: string | undefined, url: string): boolean {
  if (!pattern?.trim()) return false;
  try {
    const { source, flags } = translateJavaRegex(pattern);
    return new RegExp(`^(?:${source})$`, flags.replace('g', '')).test(url);
  } catch {
    return false;
  }
}

async function text(rule: string | undefined, input: RuleInput, ctx: RuleContext): Promise<string> {
  if (!rule?.trim()) return '';
  return (await getString(rule, input, ctx)).trim();
}

async function readItem(
  stage: Stage,
  item: RuleInput,
  rules: BookListRule,
  baseUrl: string,
  bindings: Record<string, unknown>,
): Promise<SearchResult | undefined> {
  const own = stage.newVariables();
  const ctx = stage.ruleContext(baseUrl, own, bindings);
  const name = cleanBookName(await text(rules.name, item, ctx));
  if (name === '') return undefined;
  const kindRule = rules.kind?.trim();
  const kind = kindRule
    ? (await getStringList(kindRule, item, ctx))
        .map((k) => k.trim())
        .filter(Boolean)
        .join(',')
    : '';
  const bookUrlRule = rules.bookUrl?.trim();
  const bookUrl = bookUrlRule
    ? (await getString(bookUrlRule, item, { ...ctx, baseUrl }, { isUrl: true })).trim()
    : '';
  return {
    name,
    author: cleanAuthor(await text(rules.author, item, ctx)),
    kind,
    wordCount: formatWordCount(await text(rules.wordCount, item, ctx)),
    lastChapter: await text(rules.lastChapter, item, ctx),
    intro: formatIntro(await text(rules.intro, item, ctx), (html) => formatHtmlContent(html)),
    coverUrl: resolveUrl(baseUrl, await text(rules.coverUrl, item, ctx)),
    bookUrl: bookUrl || baseUrl,
    origin: stage.source.bookSourceUrl,
    variables: own.toJSON(),
  };
}

/** Reads a fetched search/explore page into results. */
export async function readBookList(
  stage: Stage,
  stageName: 'search' | 'explore',
  page: ParsedContent,
  rules: BookListRule,
  /** `key` and `page` for the rules' scripts. */
  bindings: Record<string, unknown> = {},
): Promise<SearchResult[]> {
  const source = stage.source;
  const facts = { url: page.baseUrl };
  if (matchesBookUrlPattern(source.bookUrlPattern, page.baseUrl)) {
    return [await stage.step(stageName, facts, () => detailAsResult(stage, page))];
  }
  const { rule, reverse } = listRuleOrder(rules.bookList ?? '');
  const listField = `${stageName === 'search' ? 'ruleSearch' : 'ruleExplore'}.bookList`;
  const listCtx = stage.ruleContext(page.baseUrl, stage.newVariables(), bindings);
  const items = rule
    ? await stage.step(stageName, { ...facts, rule: listField }, () =>
        getElements(rule, page, listCtx),
      )
    : [];
  if (items.length === 0) stage.failIfChallenge(page, stageName, listField);
  if (items.length === 0 && !source.bookUrlPattern?.trim() && stageName === 'search') {
    const single = await stage.step(stageName, facts, () => detailAsResult(stage, page));
    return single.name ? [single] : [];
  }
  const out: SearchResult[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const result = await stage.step(stageName, facts, () =>
      readItem(stage, item, rules, page.baseUrl, bindings),
    );
    if (!result || seen.has(result.bookUrl)) continue;
    seen.add(result.bookUrl);
    out.push(result);
  }
  if (reverse) out.reverse();
  return out;
}

/** The search landed on a detail page: read it with ruleBookInfo; the page is kept for reuse. */
async function detailAsResult(stage: Stage, page: ParsedContent): Promise<SearchResult> {
  stage.remember(page.baseUrl, page);
  const info = await readBookInfo(stage, page, { bookUrl: page.baseUrl }, {});
  return {
    name: info.name,
    author: info.author,
    kind: info.kind,
    wordCount: info.wordCount,
    lastChapter: info.lastChapter,
    intro: info.intro,
    coverUrl: info.coverUrl,
    bookUrl: info.bookUrl,
    origin: info.origin,
    variables: info.variables,
  };
}
