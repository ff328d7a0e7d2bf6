// The `#rules` row of driver-pace: a source's ruleToc over a TOC page with the rule engine alone
// (parse, the chapter list, each chapter's name and URL), as the driver calls it.
import {
  createVariableStore,
  getElements,
  getString,
  getStringIfPlain,
  parseContent,
} from '#rules';
import type { BookSource } from '#sources';

/** The chapters the rules find: a leading `-`/`+` on the list rule (an order marker) is dropped. */
export async function rulesToc(
  text: string,
  url: string,
  rules: BookSource['ruleToc'],
): Promise<number> {
  const page = parseContent(text, url);
  const ctx = { variables: createVariableStore(), baseUrl: url };
  const nameRule = rules?.chapterName ?? '';
  const urlRule = rules?.chapterUrl ?? '';
  let n = 0;
  for (const item of await getElements(
    (rules?.chapterList ?? '').replace(/^[-+]/, ''),
    page,
    ctx,
  )) {
    // The engine at its fastest, as the driver calls it: no await for a plain rule.
    const name = getStringIfPlain(nameRule, item, ctx) ?? (await getString(nameRule, item, ctx));
    const href = getStringIfPlain(urlRule, item, ctx) ?? (await getString(urlRule, item, ctx));
    if (name && href) n++;
  }
  return n;
}
