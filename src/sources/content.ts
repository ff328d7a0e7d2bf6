/**
 * The content stage (docs/legado-rules.md §1.4 ruleContent, §1.5): fetch the chapter (base = the
 * book's TOC URL), read `content` on each page, follow `nextContentUrl` (one URL: until empty,
 * visited, or equal to the next chapter's URL; several: fetched in order), join pages with "\n",
 * format HTML to text, then apply `replaceRegex` once on the joined text with lines trimmed and
 * re-indented. A page cap ends runaway pagination (`truncated`).
 */
import { formatHtmlContent, getString, getStringList } from '#rules';
import type { ParsedContent } from '#rules';
import type { BookRef, ChapterContent, TocEntry } from './results.ts';
import type { Stage } from './stage.ts';
import { bareUrl } from './url.ts';

export interface ContentOptions {
  book?: BookRef;
  /** The following chapter's URL: pagination stops there. */
  nextChapterUrl?: string;
  /** Pages fetched at most; default 50. */
  maxPages?: number;
}

const indent = '\u3000\u3000';

function reindent(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => indent + line)
    .join('\n');
}

export async function content(
  stage: Stage,
  chapter: TocEntry,
  options: ContentOptions = {},
): Promise<ChapterContent> {
  const rules = stage.source.ruleContent ?? {};
  const book = options.book;
  if (chapter.isVolume && chapter.url.startsWith(chapter.title))
    return { text: '', pages: [], truncated: false };
  const contentRule = rules.content?.trim() ?? '';
  if (contentRule === '') return { text: chapter.url, pages: [], truncated: false };
  const maxPages = options.maxPages ?? 50;
  const variables = { ...(book?.variables ?? {}), ...chapter.variables };
  const bindings = {
    book: book ?? {},
    chapter,
    title: chapter.title,
    nextChapterUrl: options.nextChapterUrl ?? '',
  };
  const base = book?.tocUrl || book?.bookUrl || stage.source.bookSourceUrl;
  const own = stage.newVariables(variables);
  const fetchPage = (url: string): Promise<ParsedContent> =>
    stage.step(
      'content',
      { url },
      async () =>
        (
          await stage.fetch(url, base, 'content', {
            variables: own,
            bindings,
            reuse: book !== undefined && url === book.bookUrl,
            // Legado applies them to a WebView request of the chapter (`,{"webView":true}`).
            ...(rules.webJs?.trim() ? { webJs: rules.webJs } : {}),
            ...(rules.sourceRegex?.trim() ? { sourceRegex: rules.sourceRegex } : {}),
          })
        ).content,
    );
  const read = async (page: ParsedContent): Promise<string> => {
    const ctx = stage.ruleContext(page.baseUrl, own, bindings);
    const html = await stage.step(
      'content',
      { url: page.baseUrl, rule: 'ruleContent.content' },
      () => getString(contentRule, page, ctx, { unescape: false }),
    );
    return formatHtmlContent(html, { keepImages: true, baseUrl: page.baseUrl });
  };
  const nextOf = async (page: ParsedContent): Promise<string[]> => {
    const rule = rules.nextContentUrl?.trim();
    if (!rule) return [];
    const ctx = stage.ruleContext(page.baseUrl, own, bindings);
    const urls = await stage.step(
      'content',
      { url: page.baseUrl, rule: 'ruleContent.nextContentUrl' },
      () => getStringList(rule, page, ctx, { isUrl: true }),
    );
    return urls.map((u) => u.trim()).filter((u) => u !== '' && bareUrl(u) !== page.baseUrl);
  };

  const first = await fetchPage(chapter.url);
  const stop = new Set([bareUrl(chapter.url), first.baseUrl]);
  if (options.nextChapterUrl) stop.add(bareUrl(options.nextChapterUrl));
  const pages = [first.baseUrl];
  const texts = [await read(first)];
  let next = await nextOf(first);
  let truncated = false;
  let title: string | undefined;
  if (rules.title?.trim()) {
    const ctx = stage.ruleContext(first.baseUrl, own, bindings);
    title =
      (
        await stage.step('content', { url: first.baseUrl, rule: 'ruleContent.title' }, () =>
          getString(rules.title as string, first, ctx),
        )
      ).trim() || undefined;
  }
  let incomplete: ChapterContent['incomplete'];
  try {
    while (next.length > 0) {
      const fresh = next.filter((u) => !stop.has(bareUrl(u)));
      if (fresh.length === 0) break;
      if (pages.length >= maxPages) {
        truncated = true;
        break;
      }
      if (next.length === 1) {
        const url = fresh[0] as string;
        stop.add(bareUrl(url));
        const page = await fetchPage(url);
        stop.add(page.baseUrl);
        pages.push(page.baseUrl);
        texts.push(await read(page));
        next = await nextOf(page);
      } else {
        const urls = fresh.slice(0, maxPages - pages.length);
        if (urls.length < fresh.length) truncated = true;
        // In order up to the first page that failed: the pages before it are kept.
        const settled = await Promise.allSettled(urls.map((u) => fetchPage(u)));
        for (const result of settled) {
          if (result.status === 'rejected') throw result.reason;
          pages.push(result.value.baseUrl);
          texts.push(await read(result.value));
        }
        break;
      }
    }
  } catch (error) {
    // Legado keeps the pages already read when a later one fails (a 404, a timeout): the
    // chapter is served and marked incomplete, so the caller can try it again later.
    if (stage.options.signal?.aborted) throw error;
    const failed = stage.wrap(error, 'content', {});
    incomplete = { url: String(failed.details['url'] ?? ''), message: failed.message };
    stage.options.log?.(
      `content: kept ${pages.length} page(s) of ${chapter.url}: ${failed.message}`,
    );
  }
  let text = texts.join('\n');
  const replaceRule = rules.replaceRegex?.trim();
  if (replaceRule) {
    const trimmed = text
      .split('\n')
      .map((l) => l.trim())
      .join('\n');
    const ctx = stage.ruleContext(first.baseUrl, own, bindings);
    text = await stage.step(
      'content',
      { url: first.baseUrl, rule: 'ruleContent.replaceRegex' },
      () => getString(replaceRule, trimmed, ctx, { unescape: false }),
    );
  }
  text = reindent(text);
  if (text === '') {
    // Nothing at all is a rule that no longer fits the page (or a challenge), not a chapter.
    stage.failIfChallenge(first, 'content', 'ruleContent.content');
    throw stage.fail(
      'rule-error',
      'content',
      `ruleContent.content \`${contentRule}\` found nothing on ${first.baseUrl}`,
      { url: first.baseUrl, rule: 'ruleContent.content' },
    );
  }
  const imageStyle = rules.imageStyle?.trim();
  return {
    text,
    pages,
    truncated,
    ...(incomplete ? { incomplete } : {}),
    ...(title ? { title } : {}),
    ...(imageStyle ? { imageStyle } : {}),
  };
}
