/**
 * A note below the story at a chapter's end that no pattern knows yet: the site's or the author's
 * call to action ("求收藏，求月票！", "手机阅读，最快更新") in words this source has not shown before.
 * Learning confirms such a line from the second chapter on; on the first it looks like story. What
 * tells it apart there is its shape and its words, judged on the whole line, which goes whole:
 * - where: the last line served, or the two last (lines under them already removed), within the
 *   chapter's last six, in a chapter of 8 lines or more;
 * - shape: short (3–30 letters of its own, a site's name counting two, numbers and the book's and
 *   chapter's names aside), no dialogue (quotes), no question, no narrating pronoun (他/她/它);
 * - words: every clause holds a note's word, two different ones at least ("手机响了。" has one),
 *   covering half the line's letters or more. The words are the pairs of Chinese characters that
 *   other sources' learned patterns hold (`SharedKnowledge.words`: each pair from two sources at
 *   least, none from a pattern an administrator rejected), a short built-in list (`noteWords`),
 *   an ask (求/请 before a word or opening a clause), an author's "ps" label and a site's name. A
 *   word the chapter's own story uses counts for nothing (a book about a writer says 小说 and 更新
 *   in its story).
 * Not stored as a pattern (a judgement on one chapter, listed in `removed` as `tail-note`): if the
 * note recurs, learning stores it from the second chapter on, for review.
 */
import { advertForm, lettersOf, skeletonOf, slot } from './normalize.ts';
import type { SkeletonContext } from './normalize.ts';
import { clausesOf, hanPairsOf } from './shared-knowledge.ts';

/**
 * Words of a call to action or a site's notice, written from how such notes read on Chinese web
 * fiction sites (asks for votes, subscriptions and bookmarks, where to read, update notices), not
 * drawn from the unseen-sites bench's phrase source: 13 of them occur in each of its two halves.
 */
const noteWords = [
  // Asks.
  '收藏',
  '推荐',
  '月票',
  '订阅',
  '打赏',
  '投票',
  '书友',
  '书架',
  '书签',
  '记得',
  '支持',
  '感谢',
  // The site and where to read.
  '本站',
  '网站',
  '网址',
  '域名',
  '地址',
  '手机',
  '阅读',
  '首发',
  '下载',
  '免费',
  '小说',
  '章节',
  '更新',
  '最新',
  '最快',
  '弹窗',
  '广告',
  '新书',
  '上架',
  '完本',
];

/** What asks, at a clause's start or before a note word (求票, 请收藏, 第二天求月票). */
const asking = /^(?:求|请)/u;
const asks = new Set(['求', '请']);
/** An author's label before a note ("ps：", "PS:"), as a clause of letters. */
const label = /^p+s$/u;

interface TailNoteOptions {
  /** Known words as character pairs (`SharedKnowledge.words`). */
  readonly words: ReadonlySet<string>;
  /** Use the built-in `noteWords` too (default true). */
  readonly builtinWords?: boolean;
  readonly context?: SkeletonContext;
}

const minLines = 8;
const maxNotes = 2;
const minOwn = 3;
const maxOwn = 30;
/** Distinct note words a note holds. */
const minWords = 2;
/** Share of a note's letters that known words must cover. */
const minCover = 0.5;

const dialogue = /[“”「」『』"‘’]/u;
const question = /[?？]/u;
const narrating = /[他她它]/u;

/**
 * Indices of tail notes among `lines` (`dropped`: lines already removed, which a note may sit
 * above). Samples, with 阅读 and 更新 known: a chapter ending "…她笑了。" / "方便阅读，最快更新（第1章）"
 * → the last line; "“记得收藏！”他喊道。" → none.
 */
export function tailNotes(
  lines: readonly string[],
  dropped: (index: number) => boolean,
  options: TailNoteOptions,
): number[] {
  const n = lines.length;
  if (n < minLines) return [];
  const builtin = options.builtinWords ?? true;
  // Pairs the story of this chapter uses (its middle half) are no evidence of a note. Counted
  // only when a line has the shape of a note: most chapters end in a long line of story.
  let storyPairsOnce: Set<string> | undefined;
  const storyPairs = () => {
    if (storyPairsOnce !== undefined) return storyPairsOnce;
    storyPairsOnce = new Set<string>();
    for (let i = Math.floor(n / 4); i < n - Math.floor(n / 4); i++) {
      if (dropped(i)) continue;
      for (const pair of hanPairsOf(lettersOf(lines[i] ?? ''))) storyPairsOnce.add(pair);
    }
    return storyPairsOnce;
  };
  const isNote = (line: string): boolean => {
    const form = advertForm(line);
    if (dialogue.test(form) || question.test(form) || narrating.test(form)) return false;
    const skeleton = skeletonOf(form, options.context);
    const clauses = clausesOf(skeleton);
    // A site's name is the site's word, two letters of its own ("{站名},{站名}(第{数}章)").
    const sites = skeleton.split(slot.site).length - 1;
    const own = clauses.reduce((sum, c) => sum + c.length, 2 * sites);
    if (own < minOwn || own > maxOwn) return false;
    let covered = 2 * sites;
    const found = new Set<string>(Array.from({ length: sites }, (_, i) => `${slot.site}${i}`));
    for (const clause of clauses) {
      const hit = new Array<boolean>(clause.length).fill(false);
      // Known pairs, left to right without overlap: "方便阅读" → 方便, 阅读.
      for (let i = 0; i + 2 <= clause.length; i++) {
        const pair = clause.slice(i, i + 2);
        if (!options.words.has(pair) || storyPairs().has(pair)) continue;
        hit[i] = hit[i + 1] = true;
        found.add(pair);
        i++;
      }
      if (builtin) {
        for (const word of noteWords) {
          if (!clause.includes(word) || hanPairsOf(word).some((p) => storyPairs().has(p))) {
            continue;
          }
          for (let at = clause.indexOf(word); at >= 0; at = clause.indexOf(word, at + 1)) {
            for (let k = 0; k < word.length; k++) hit[at + k] = true;
            found.add(word);
            const before = clause[at - 1] ?? '';
            if (asks.has(before)) {
              hit[at - 1] = true;
              found.add(before);
            }
          }
        }
        if (label.test(clause)) {
          hit.fill(true);
          found.add('ps');
        }
        const ask = asking.exec(clause);
        if (ask !== null && clause.length >= 3) {
          hit[0] = true;
          found.add(ask[0]);
        }
      }
      const count = hit.filter(Boolean).length;
      if (clause.length >= 2 && count === 0) return false;
      covered += count;
    }
    // Two words of a note at least: "手机响了。" and "感谢上苍！" are story.
    if (found.size < minWords) return false;
    return covered >= minCover * own;
  };
  const out: number[] = [];
  for (let i = n - 1; i >= n - 6 && i >= 0 && out.length < maxNotes; i--) {
    if (dropped(i)) continue;
    if (!isNote(lines[i] ?? '')) break;
    out.push(i);
  }
  return out;
}
