/**
 * The detail-page stage (docs/legado-rules.md §1.4 ruleBookInfo, §1.5): optional `init` replaces
 * the content for every field; name/author only overwrite missing values unless `canReName`;
 * empty `tocUrl` means the detail page holds the TOC (it is then reused without a second fetch).
 */
import { formatHtmlContent, getElement, getString, getStringList } from '#rules';
import type { ParsedContent, RuleContext, RuleInput } from '#rules';
import { cleanAuthor, cleanBookName, formatIntro, formatWordCount } from './book-fields.ts';
import type { BookInfo, BookRef } from './results.ts';
import { resolveUrl } from './url.ts';
import type { Stage } from './stage.ts';
import type { BookInfoRule } from './types.ts';

async function field(
  rule: string | undefined,
  input: RuleInput,
  ctx: RuleContext,
  isUrl = false,
): Promise<string> {
  if (rule === undefined || rule.trim() === '') return '';
  return (await getString(rule, input, ctx, { isUrl })).trim();
}

export interface BookInfoOptions {
  /**
   * Fail when neither the page nor `book` gives a name (adding a book by its URL): the error names
   * the rule that found nothing, instead of a nameless book being searched for everywhere.
   */
  requireName?: boolean;
}

/** Reads a detail page into `book` (which may be a search result or a bare reference). */
export async function readBookInfo(
  stage: Stage,
  page: ParsedContent,
  book: BookRef,
  variables: Record<string, string>,
  options: BookInfoOptions = {},
): Promise<BookInfo> {
  const rules: BookInfoRule = stage.source.ruleBookInfo ?? {};
  const own = stage.newVariables(variables);
  const ctx = stage.ruleContext(page.baseUrl, own, { book: { ...book, variables } });
  let input: RuleInput = page;
  if (rules.init?.trim())
    input = await stage.step('info', { url: page.baseUrl, rule: 'ruleBookInfo.init' }, () =>
      getElement(rules.init as string, page, ctx),
    );
  const get = (key: keyof BookInfoRule & string, isUrl = false): Promise<string> =>
    stage.step('info', { url: page.baseUrl, rule: `ruleBookInfo.${key}` }, () =>
      field(rules[key] as string | undefined, input, ctx, isUrl),
    );

  const canReName = (await get('canReName')) !== '';
  const name = cleanBookName(await get('name'));
  if (!name) stage.failIfChallenge(page, 'info', 'ruleBookInfo.name');
  if (options.requireName && !name && !book.name) throw nameNotFound(stage, page.baseUrl, rules);
  const author = cleanAuthor(await get('author'));
  const kindRule = rules.kind?.trim();
  const kind = kindRule
    ? (
        await stage.step('info', { url: page.baseUrl, rule: 'ruleBookInfo.kind' }, () =>
          getStringList(kindRule, input, ctx),
        )
      )
        .map((k) => k.trim())
        .filter(Boolean)
        .join(',')
    : '';
  const base = book as Partial<BookInfo>;
  const tocUrl = (await get('tocUrl', true)) || page.baseUrl;
  const downloadRule = rules.downloadUrls?.trim();
  const downloadUrls = downloadRule
    ? await getStringList(downloadRule, input, ctx, { isUrl: true })
    : [];
  return {
    name: (canReName || !book.name) && name ? name : (book.name ?? name),
    author: (canReName || !book.author) && author ? author : (book.author ?? author),
    kind: kind || (base.kind ?? ''),
    wordCount: formatWordCount(await get('wordCount')) || (base.wordCount ?? ''),
    lastChapter: (await get('lastChapter')) || (base.lastChapter ?? ''),
    intro: formatIntro(await get('intro'), (html) => formatHtmlContent(html)) || (base.intro ?? ''),
    coverUrl: resolveUrl(page.baseUrl, await get('coverUrl')) || (base.coverUrl ?? ''),
    updateTime: await get('updateTime'),
    bookUrl: book.bookUrl,
    tocUrl,
    downloadUrls,
    origin: stage.source.bookSourceUrl,
    variables: { ...variables, ...own.toJSON() },
  };
}

/** The rule-error for a book page on which the name rule found nothing: which rule, which URL. */
function nameNotFound(stage: Stage, url: string, rules: BookInfoRule): Error {
  const nameRule = rules.name?.trim() ?? '';
  const init = rules.init?.trim();
  const what = nameRule
    ? `ruleBookInfo.name \`${nameRule}\`${init ? ` (after ruleBookInfo.init \`${init}\`)` : ''} found nothing`
    : 'the source has no ruleBookInfo.name';
  return stage.fail(
    'rule-error',
    'info',
    `${what} on ${url}: it may not be a book page of this site, or the rule no longer fits the site`,
    { url, rule: 'ruleBookInfo.name', ruleText: nameRule },
  );
}

/** Fetches (or reuses) the detail page of `book` and reads it. */
export async function bookInfo(
  stage: Stage,
  book: BookRef,
  options: BookInfoOptions = {},
): Promise<BookInfo> {
  const variables = { ...(book.variables ?? {}) };
  const own = stage.newVariables(variables);
  const page = await stage.step('info', { url: book.bookUrl }, () =>
    stage.fetch(book.bookUrl, stage.source.bookSourceUrl, 'info', {
      variables: own,
      bindings: { book },
      reuse: true,
    }),
  );
  return readBookInfo(stage, page.content, book, { ...variables, ...own.toJSON() }, options);
}
