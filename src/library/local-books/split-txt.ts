import { LinhaiError } from '#model';
import { txtTocRules } from './txt-toc-rules.ts';
import type { TxtTocRule } from './txt-toc-rules.ts';

/** One chapter of a split TXT: its title, paragraphs, and the exact slice of text it came from. */
export interface TxtChapter {
  readonly title: string;
  readonly paragraphs: readonly string[];
  /** The chapter's text as in the file (heading included): joining every `raw` gives the text. */
  readonly raw: string;
}

export interface TxtSplit {
  /** The rule that split it; undefined when no rule fit and the text was cut into parts. */
  readonly rule: TxtTocRule | undefined;
  readonly chapters: readonly TxtChapter[];
}

/** How much of the text the rules are scored on (Legado reads the first 512 KB to pick one). */
export const RULE_SAMPLE_CHARS = 512 * 1024;
/** The size of a part when no rule fits (Legado's 10 KB blocks without a table of contents). */
export const PART_CHARS = 10_000;
/** What a chapter before the first heading is called. */
const PRELUDE_TITLE = '前言';

/**
 * Splits a TXT's text into chapters. With `ruleId`, by that rule (any of Legado's, enabled or
 * not); otherwise every enabled rule is tried in Legado's order on the first 512 KB and the best
 * fit chosen. The fit measure: how many chapters with some text the rule makes (a heading
 * followed directly by another — a table of contents at the top — makes none); the earlier rule
 * wins a tie, as in Legado. A text no rule fits is cut into parts of about 10 000 characters at
 * line ends.
 */
export function splitTxt(text: string, options: { ruleId?: number } = {}): TxtSplit {
  const normal = text.replace(/\r\n?/g, '\n');
  if (options.ruleId !== undefined) {
    const rule = txtTocRules.find((r) => r.id === options.ruleId);
    if (rule === undefined) {
      throw new LinhaiError(
        'invalid-input',
        `no TXT table-of-contents rule ${options.ruleId}; the rules are numbered 0–${txtTocRules.length - 1} (linhai import --list-rules)`,
        { details: { field: 'rule' } },
      );
    }
    return { rule, chapters: splitByRule(normal, rule).chapters };
  }
  const rule = bestRule(normal.slice(0, RULE_SAMPLE_CHARS));
  return rule
    ? { rule, chapters: splitByRule(normal, rule).chapters }
    : { rule: undefined, chapters: splitIntoParts(normal) };
}

/** The enabled rule that makes the most chapters with text in `sample`; undefined when none does. */
export function bestRule(sample: string): TxtTocRule | undefined {
  let best: { rule: TxtTocRule; count: number } | undefined;
  for (const rule of txtTocRules) {
    if (!rule.enabled) continue;
    const count = splitByRule(sample, rule).headings;
    if (count > 0 && (best === undefined || count > best.count)) best = { rule, count };
  }
  return best?.rule;
}

/** Java's leading inline flags — `(?m)`, `(?im)` — as JavaScript flags; multiline always. */
export function compileTocRule(rule: TxtTocRule): RegExp {
  const lead = /^\(\?([imsu]+)\)/.exec(rule.pattern);
  const flags = new Set(['g', 'm', ...(lead?.[1] ?? '').replace('u', '')]);
  return new RegExp(lead ? rule.pattern.slice(lead[0].length) : rule.pattern, [...flags].join(''));
}

/**
 * Cuts at every heading the rule finds: a heading runs from the match to its line's end. A
 * heading with no text before the next one is not a chapter: it stays with what comes before.
 */
function splitByRule(text: string, rule: TxtTocRule): { chapters: TxtChapter[]; headings: number } {
  const starts: Array<{ at: number; title: string }> = [];
  const pattern = compileTocRule(rule);
  for (const match of text.matchAll(pattern)) {
    const title = match[0].replace(/\s+/g, ' ').trim();
    // An empty match (a lookbehind-only rule at a blank spot) is no heading.
    if (title === '') continue;
    const last = starts.at(-1);
    // One heading a line: a second match on the same line belongs to the first.
    if (last && !text.slice(last.at, match.index).includes('\n')) continue;
    starts.push({ at: match.index, title });
  }
  const pieces: Array<{ title: string; raw: string; heading: boolean }> = [
    { title: PRELUDE_TITLE, raw: text.slice(0, starts[0]?.at ?? text.length), heading: false },
  ];
  starts.forEach((start, i) => {
    const raw = text.slice(start.at, starts[i + 1]?.at ?? text.length);
    if (raw.slice(headingEnd(raw)).trim() === '') pieces.at(-1)!.raw += raw;
    else pieces.push({ title: start.title, raw, heading: true });
  });
  const chapters = pieces.map((p) => ({
    title: p.title,
    raw: p.raw,
    // The heading line is the title, not a paragraph (the prelude has none).
    paragraphs: paragraphsOf(p.heading ? p.raw.slice(headingEnd(p.raw)) : p.raw),
  }));
  // A blank prelude is no chapter: its blank lines go with the first chapter.
  if (chapters.length > 1 && chapters[0]!.paragraphs.length === 0) {
    const blank = chapters.shift()!;
    chapters[0] = { ...chapters[0]!, raw: blank.raw + chapters[0]!.raw };
  }
  return { chapters, headings: pieces.length - 1 };
}

function headingEnd(raw: string): number {
  const nl = raw.indexOf('\n');
  return nl < 0 ? raw.length : nl;
}

/** No headings: parts of about PART_CHARS characters, each ending at a line end. */
function splitIntoParts(text: string): TxtChapter[] {
  const parts: TxtChapter[] = [];
  let from = 0;
  while (from < text.length) {
    let to = Math.min(text.length, from + PART_CHARS);
    if (to < text.length) {
      const nl = text.indexOf('\n', to);
      to = nl < 0 ? text.length : nl + 1;
    }
    const raw = text.slice(from, to);
    parts.push({ title: `第${parts.length + 1}节`, raw, paragraphs: paragraphsOf(raw) });
    from = to;
  }
  return parts.length > 0 ? parts : [{ title: PRELUDE_TITLE, raw: '', paragraphs: [] }];
}

/** One paragraph a non-blank line, with its indent (spaces, full-width spaces) trimmed. */
export function paragraphsOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const p = line.trim();
    if (p !== '') out.push(p);
  }
  return out;
}
