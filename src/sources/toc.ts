/**
 * The TOC stage (docs/legado-rules.md §1.4 ruleToc, §1.5): fetch (or reuse the detail page),
 * read chapters, follow `nextTocUrl` (one URL: sequentially until empty or visited; several:
 * fetched in order and appended), de-duplicate keeping the last occurrence (or the first and
 * reverse with `-`), drop empty titles, index 0..n-1. An empty TOC is a `rule-error`.
 */
import { getElements, getString, getStringIfPlain, getStringList } from '#rules';
import type { ParsedContent, RuleInput } from '#rules';
import { dedupeToc, listRuleOrder, ruleTruthy } from './book-fields.ts';
import { EntryVariables } from './entry-variables.ts';
import type { BookInfo, BookRef, TocEntry } from './results.ts';
import type { Stage } from './stage.ts';
import type { TocRule } from './types.ts';
import { bareUrl, resolveUrl } from './url.ts';

export interface TocOptions {
  /** Pages fetched at most (the first included); default 100. */
  maxPages?: number;
  /**
   * Told when a later page (`nextTocUrl`) failed: the TOC returned is the pages read before it,
   * as Legado keeps them. `url` is the page that failed.
   */
  onIncomplete?: (gap: { url: string; message: string }) => void;
}

async function readPage(
  stage: Stage,
  page: ParsedContent,
  rules: TocRule,
  listRule: string,
  book: BookRef,
  variables: Record<string, string>,
): Promise<{ entries: TocEntry[]; next: string[]; items: number }> {
  const base = page.baseUrl;
  const listCtx = stage.ruleContext(base, stage.newVariables(variables), { book });
  const items = await stage.step('toc', { url: base, rule: 'ruleToc.chapterList' }, () =>
    getElements(listRule, page, listCtx),
  );
  const entries: TocEntry[] = [];
  // Field rules are read once per page; one book-variable store serves every item (thousands).
  const fieldRules = new Map<string, string>();
  for (const key of [
    'chapterName',
    'isVolume',
    'chapterUrl',
    'isVip',
    'isPay',
    'updateTime',
  ] as const) {
    const rule = rules[key]?.trim();
    if (rule) fieldRules.set(key, rule);
  }
  const bookVariables = stage.newVariables(variables);
  const own = new EntryVariables();
  const ctx = stage.ruleContext(base, own, { book }, bookVariables);
  let current = 'chapterName';
  /** A field of the item: a string at once for a plain rule (no await for thousands of items),
   *  a promise for one with a script, template or `@put`. */
  const get = (key: string, item: RuleInput): string | Promise<string> => {
    const rule = fieldRules.get(key);
    if (!rule) return '';
    current = key;
    const plain = getStringIfPlain(rule, item, ctx);
    return plain === undefined ? getString(rule, item, ctx).then((s) => s.trim()) : plain.trim();
  };
  try {
    for (const item of items as RuleInput[]) {
      own.begin();
      let field = get('chapterName', item);
      const title = typeof field === 'string' ? field : await field;
      if (title === '') continue;
      field = get('isVolume', item);
      const isVolume = ruleTruthy(typeof field === 'string' ? field : await field);
      field = get('chapterUrl', item);
      const rawUrl = typeof field === 'string' ? field : await field;
      const url = rawUrl ? resolveUrl(base, rawUrl) : isVolume ? `${title}${entries.length}` : base;
      field = get('isVip', item);
      const isVip = ruleTruthy(typeof field === 'string' ? field : await field);
      field = get('isPay', item);
      const isPay = ruleTruthy(typeof field === 'string' ? field : await field);
      field = get('updateTime', item);
      const tag = typeof field === 'string' ? field : await field;
      // index is set once the list is final (after de-duplication).
      entries.push({ index: 0, title, url, isVolume, isVip, isPay, tag, variables: own.toJSON() });
    }
  } catch (error) {
    throw stage.wrap(error, 'toc', { url: base, rule: `ruleToc.${current}` });
  }
  const nextRule = rules.nextTocUrl?.trim();
  let next: string[] = [];
  if (nextRule) {
    const nextCtx = stage.ruleContext(base, stage.newVariables(variables), { book });
    const urls = await stage.step('toc', { url: base, rule: 'ruleToc.nextTocUrl' }, () =>
      getStringList(nextRule, page, nextCtx, { isUrl: true }),
    );
    next = urls.map((u) => u.trim()).filter((u) => u !== '' && bareUrl(u) !== base);
  }
  return { entries, next, items: items.length };
}

export async function toc(
  stage: Stage,
  book: BookInfo | BookRef,
  options: TocOptions = {},
): Promise<TocEntry[]> {
  const rules = stage.source.ruleToc ?? {};
  const { rule: listRule, reverse } = listRuleOrder(rules.chapterList ?? '');
  if (!listRule)
    throw stage.fail('rule-error', 'toc', 'the source has no ruleToc.chapterList', {
      rule: 'ruleToc.chapterList',
    });
  const maxPages = options.maxPages ?? 100;
  const variables = { ...(book.variables ?? {}) };
  const tocUrl = book.tocUrl || book.bookUrl;
  const fetchPage = (url: string, baseUrl: string): Promise<ParsedContent> =>
    stage.step(
      'toc',
      { url },
      async () =>
        (
          await stage.fetch(url, baseUrl, 'toc', {
            variables: stage.newVariables(variables),
            bindings: { book },
            reuse: url === tocUrl,
          })
        ).content,
    );

  const first = await fetchPage(tocUrl, book.bookUrl);
  const visited = new Set([bareUrl(tocUrl), first.baseUrl]);
  const all: TocEntry[] = [];
  let { entries, next, items } = await readPage(stage, first, rules, listRule, book, variables);
  // Loops, not `push(...entries)`: a spread passes every entry as an argument, and a 200,001-link
  // page overflowed the stack.
  for (const entry of entries) all.push(entry);
  let pages = 1;
  try {
    while (next.length > 0 && pages < maxPages) {
      if (next.length === 1) {
        const url = next[0] as string;
        if (visited.has(bareUrl(url))) break;
        visited.add(bareUrl(url));
        const page = await fetchPage(url, tocUrl);
        visited.add(page.baseUrl);
        pages++;
        const read = await readPage(stage, page, rules, listRule, book, variables);
        ({ entries, next } = read);
        items += read.items;
        for (const entry of entries) all.push(entry);
      } else {
        const urls = next.filter((u) => !visited.has(bareUrl(u))).slice(0, maxPages - pages);
        urls.forEach((u) => visited.add(bareUrl(u)));
        // In order up to the first page that failed: the pages before it are kept.
        const settled = await Promise.allSettled(urls.map((u) => fetchPage(u, tocUrl)));
        for (const result of settled) {
          if (result.status === 'rejected') throw result.reason;
          pages++;
          const read = await readPage(stage, result.value, rules, listRule, book, variables);
          items += read.items;
          for (const entry of read.entries) all.push(entry);
        }
        break;
      }
    }
  } catch (error) {
    // Legado keeps the chapters of the pages already read when a later page fails.
    if (stage.options.signal?.aborted || all.length === 0) throw error;
    const failed = stage.wrap(error, 'toc', {});
    const gap = { url: String(failed.details['url'] ?? ''), message: failed.message };
    stage.options.log?.(`toc: kept ${pages} page(s) of ${tocUrl}: ${failed.message}`);
    options.onIncomplete?.(gap);
  }
  if (next.length > 0 && pages >= maxPages)
    stage.options.log?.(`toc: stopped after ${maxPages} pages`);
  const list = dedupeToc(all, reverse);
  if (list.length === 0) {
    stage.failIfChallenge(first, 'toc', 'ruleToc.chapterList');
    const titleRule = rules.chapterName?.trim() ?? '';
    const [rule, message] =
      items === 0
        ? ['ruleToc.chapterList', `ruleToc.chapterList \`${listRule}\` found no chapters`]
        : [
            'ruleToc.chapterName',
            `ruleToc.chapterList found ${items} items but ruleToc.chapterName \`${titleRule}\` gave none a title`,
          ];
    throw stage.fail(
      'rule-error',
      'toc',
      `the table of contents is empty: ${message} on ${first.baseUrl}`,
      {
        url: first.baseUrl,
        rule,
      },
    );
  }
  // The entries are this call's own objects: numbered in place, not copied (thousands).
  list.forEach((entry, index) => (entry.index = index));
  const formatJs = rules.formatJs?.trim();
  if (formatJs) await formatTitles(stage, list, formatJs, book);
  return list;
}

/** `ruleToc.formatJs`: a per-chapter title rewrite with `index` (1-based), `chapter`, `title`, `gInt`. */
async function formatTitles(
  stage: Stage,
  entries: TocEntry[],
  code: string,
  book: BookRef,
): Promise<void> {
  const variables = stage.newVariables(book.variables ?? {});
  for (const entry of entries) {
    const ctx = stage.ruleContext(book.bookUrl, variables, {
      book,
      chapter: entry,
      index: entry.index + 1,
      title: entry.title,
      gInt: 0,
    });
    const title = await stage.step('toc', { rule: 'ruleToc.formatJs' }, () =>
      getString(`<js>${code}</js>`, entry.title, ctx),
    );
    if (title.trim()) entry.title = title.trim();
  }
}
