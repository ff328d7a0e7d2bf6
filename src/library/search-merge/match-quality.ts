import { normalizeAuthor, normalizeTitle } from '../normalize/index.ts';
import type { MatchKind } from './types.ts';

/** Levenshtein distance over code points; stops early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  const x = [...a];
  const y = [...b];
  if (Math.abs(x.length - y.length) > max) return max + 1;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      row.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    prev = row;
  }
  return prev[y.length]!;
}

export interface MatchQuality {
  readonly kind: MatchKind;
  /** 0..1: exact 1, prefix 0.8, contains 0.6, fuzzy 0.3–0.5, none 0; author matches count 0.9×. */
  readonly score: number;
}

const KIND_SCORE: Readonly<Record<Exclude<MatchKind, 'fuzzy'>, number>> = {
  exact: 1,
  prefix: 0.8,
  contains: 0.6,
  none: 0,
};

function against(query: string, target: string): MatchQuality {
  if (query.length === 0 || target.length === 0) return { kind: 'none', score: 0 };
  if (target === query) return { kind: 'exact', score: KIND_SCORE.exact };
  if (target.startsWith(query)) return { kind: 'prefix', score: KIND_SCORE.prefix };
  if (target.includes(query)) return { kind: 'contains', score: KIND_SCORE.contains };
  // Typos and variant characters: "斗破苍琼" for 斗破苍穹. At most a third of the characters.
  const longest = Math.max([...query].length, [...target].length);
  const allowed = Math.floor(longest / 3);
  if (allowed > 0) {
    const d = editDistance(query, target, allowed);
    if (d <= allowed) return { kind: 'fuzzy', score: 0.3 + 0.2 * (1 - d / longest) };
  }
  return { kind: 'none', score: 0 };
}

/**
 * How well a book matches a search query: by title, by author (slightly lower), or by the two
 * together ("斗破苍穹 天蚕土豆"). Everything is compared in normalised form.
 */
export function matchQuality(query: string, title: string, author: string): MatchQuality {
  const qTitle = normalizeTitle(query);
  const qAuthor = normalizeAuthor(query);
  const t = normalizeTitle(title);
  const a = normalizeAuthor(author);
  const candidates: MatchQuality[] = [against(qTitle, t)];
  const byAuthor = against(qAuthor, a);
  if (byAuthor.kind !== 'fuzzy') candidates.push({ ...byAuthor, score: byAuthor.score * 0.9 });
  if (a.length > 0 && (qTitle === t + a || qTitle === a + t))
    candidates.push({ kind: 'exact', score: 1 });
  return candidates.reduce((best, c) => (c.score > best.score ? c : best));
}
