/**
 * Is this page the chapter at all? Placeholders, ban, captcha and rate-limit notices, truncated
 * bodies and the wrong chapter are recognised here so they are never cached as text (peers.md
 * §3.4: rate-limit notices saved as chapter text). Judged from known phrases on short pages,
 * length against the book's norm, and comparison with neighbours and another source's copy.
 */
import { lettersOf } from './normalize.ts';
import { chapterNameOf, chapterNumberOf } from './chapter-title.ts';
import { OtherCopy, sharedShare } from './cross-check.ts';

export type BadKind =
  'placeholder' | 'ban' | 'captcha' | 'rate-limit' | 'truncated' | 'repeat' | 'wrong-title';

export type Verdict = 'ok' | { readonly bad: BadKind; readonly reason: string };

/** The book's usual chapter size, in letters (CJK characters, letters and digits). */
export interface BookNorm {
  readonly medianLetters: number;
  /** How many chapters the median was taken over; below 3 it is not trusted. */
  readonly chapters: number;
}

interface JudgeInput {
  /** The page's paragraphs before boilerplate removal (a notice may look like boilerplate). */
  readonly paragraphs: readonly string[];
  /** The paragraphs left after cleaning: what would be cached. */
  readonly cleaned: readonly string[];
  readonly chapterTitle?: string | undefined;
  readonly bookNorm?: BookNorm | undefined;
  readonly neighbours?: {
    readonly previous?: readonly string[] | undefined;
    readonly next?: readonly string[] | undefined;
  };
  readonly otherSourceCopy?: readonly string[] | undefined;
  /** The text of the whole page, when the caller passed it. */
  readonly page?: readonly string[] | undefined;
}

// Checked in this order: a ban notice often also says "too frequent", a captcha page "security".
const phrases: ReadonlyArray<readonly [BadKind, RegExp]> = [
  // Sample: "请输入验证码继续访问", "Just a moment... Checking your browser", "verify you are a human".
  [
    'captcha',
    /验证码|人机验证|安全验证|请完成验证|滑动验证|点击验证|不是机器人|captcha|are you a robot|verify you are (?:a )?human|checking your browser|just a moment/i,
  ],
  // Sample: "您的IP访问过于频繁，已被系统暂时封禁", "403 Forbidden", "Access denied".
  [
    'ban',
    /封禁|封锁|ip.{0,8}(?:封|禁|限制|拉黑)|访问被拒绝|禁止访问|拒绝访问|已被屏蔽|access denied|forbidden|(?:been|is|are) (?:temporarily )?blocked/i,
  ],
  // Sample: "访问过于频繁，请稍后再试", "429 Too Many Requests".
  [
    'rate-limit',
    /访问过于频繁|请求过于频繁|操作(?:过于|太)频繁|访问太快|请求太快|访问频率|稍后再试|too many requests|rate limit/i,
  ],
  // Sample: "内容更新中，请稍后刷新", "章节内容正在手打中".
  [
    'placeholder',
    /内容更新中|正在更新中|请稍后刷新|稍后再来|正在手打|内容正在|内容加载中|暂无内容|内容为空|章节为空|还在路上|正在码字|防盗章节|本章为防盗|章节未上传|请刷新重试|本章节尚未/,
  ],
];

const letterCount = (lines: readonly string[]): number =>
  lines.reduce((sum, line) => sum + lettersOf(line).length, 0);

// The end of a finished sentence. Sample: "…他说。”" ends well; "他走到门" does not.
const finished = /[。！？!?….…”」』"'）)～~—]$/;

function judgePhrases(input: JudgeInput, letters: number, short: number): Verdict {
  if (letters > short) return 'ok';
  // The whole page's text too: a notice often sits outside the element the content rule selects.
  const text = [...input.paragraphs, ...(input.page ?? [])].join('\n');
  for (const [kind, pattern] of phrases) {
    const match = pattern.exec(text);
    if (match) return { bad: kind, reason: `short page (${letters} letters) says "${match[0]}"` };
  }
  return 'ok';
}

// Titles of the author's notes, which are short by nature. Samples: "上架感言", "请假条", "完本感言".
const authorNote = /感言|请假|假条|通知|公告|说明|声明|致读者|致谢|新书|推书|单章/;

function judgeLength(input: JudgeInput, letters: number): Verdict {
  if (authorNote.test(input.chapterTitle ?? '')) return 'ok';
  const norm = input.bookNorm;
  if (norm === undefined || norm.chapters < 3 || norm.medianLetters <= 0) return 'ok';
  const ratio = letters / norm.medianLetters;
  const last = input.cleaned.at(-1) ?? '';
  if (ratio < 0.25 || (ratio < 0.6 && !finished.test(last))) {
    return {
      bad: 'truncated',
      reason: `${letters} letters against the book's median ${norm.medianLetters}`,
    };
  }
  return 'ok';
}

/**
 * Share of up to 16 evenly spaced lines (of 6+ letters) found verbatim in `other`: a repeated
 * chapter is the same text, so a sample and exact containment decide it cheaply.
 */
function sampledShare(lines: readonly string[], other: readonly string[]): number {
  const joined = other.map(lettersOf).join('\n');
  const candidates = lines.map(lettersOf).filter((l) => l.length >= 6);
  if (candidates.length === 0) return 0;
  const step = Math.max(1, Math.floor(candidates.length / 16));
  let tried = 0;
  let found = 0;
  for (let i = 0; i < candidates.length; i += step) {
    tried++;
    if (joined.includes(candidates[i] ?? '')) found++;
  }
  return found / tried;
}

function judgeNeighbours(input: JudgeInput, letters: number): Verdict {
  for (const side of ['previous', 'next'] as const) {
    const neighbour = input.neighbours?.[side];
    if (neighbour === undefined || neighbour.length === 0 || letters === 0) continue;
    const share = sampledShare(input.cleaned, neighbour);
    const theirs = letterCount(neighbour);
    if (share >= 0.8 && Math.min(letters, theirs) / Math.max(letters, theirs) >= 0.5) {
      return {
        bad: 'repeat',
        reason: `${Math.round(share * 100)}% of the text is the ${side} chapter's`,
      };
    }
  }
  return 'ok';
}

function judgeTitle(input: JudgeInput): Verdict {
  const expected =
    input.chapterTitle === undefined ? undefined : chapterNumberOf(input.chapterTitle);
  if (expected === undefined) return 'ok';
  for (const line of input.paragraphs.slice(0, 3)) {
    if (line.length > 40) continue;
    const stated = chapterNumberOf(line);
    // Sites number chapters their own way (per volume, with or without extras): the same name
    // under another number is still this chapter.
    const name = chapterNameOf(input.chapterTitle ?? '');
    const sameName = name.length >= 2 && chapterNameOf(line) === name;
    if (stated !== undefined && stated !== expected && !sameName) {
      return { bad: 'wrong-title', reason: `page heading "${line}" is not chapter ${expected}` };
    }
    if (stated !== undefined) break;
  }
  return 'ok';
}

function judgeOtherCopy(input: JudgeInput, letters: number): Verdict {
  const other = input.otherSourceCopy;
  if (other === undefined || other.length === 0) return 'ok';
  const theirs = letterCount(other);
  const copy = new OtherCopy(other);
  const share = sharedShare(input.cleaned, copy);
  if (theirs >= 200 && letters >= 200 && share < 0.15) {
    return {
      bad: 'wrong-title',
      reason: `only ${Math.round(share * 100)}% shared with another source's copy`,
    };
  }
  // Our text is a beginning of theirs, much shorter.
  if (share >= 0.9 && letters < 0.6 * theirs) {
    return { bad: 'truncated', reason: `${letters} letters where another source has ${theirs}` };
  }
  return 'ok';
}

/** The verdict on one fetched page. */
export function judgePage(input: JudgeInput): Verdict {
  const letters = letterCount(input.cleaned);
  const norm = input.bookNorm;
  const short = Math.max(300, norm && norm.chapters >= 3 ? 0.3 * norm.medianLetters : 0);
  const rawLetters = letterCount(input.paragraphs);
  // Phrases first: a ban page has no chapter text at all, and should be named as a ban.
  const said = judgePhrases(input, Math.min(rawLetters, letters), short);
  if (said !== 'ok') return said;
  if (letters === 0) return { bad: 'placeholder', reason: 'no text on the page' };
  for (const verdict of [
    judgeTitle(input),
    judgeNeighbours(input, letters),
    judgeOtherCopy(input, letters),
    judgeLength(input, letters),
  ]) {
    if (verdict !== 'ok') return verdict;
  }
  return 'ok';
}
