/**
 * AllInOne list rules (`:regex`, `:re1&&re2`, legado-rules.md §3.7): every regex but the last
 * narrows the text to the concatenation of its matches; the last regex's matches become items,
 * each a group array (group 0 the whole match, missing groups "").
 */
import type { RegexRunner } from './regex-runner.ts';
import { RegexGroups } from './values.ts';

export function regexAllInOne(text: string, rule: string, runner: RegexRunner): RegexGroups[] {
  const regexes = rule.split('&&').filter((r) => r.trim().length > 0);
  let cur = text;
  for (let i = 0; i < regexes.length - 1; i++) {
    const matches = runner.run(regexes[i]!, { op: 'groups', input: cur }) as string[][];
    cur = matches.map((m) => m[0] ?? '').join('');
  }
  const last = regexes[regexes.length - 1];
  if (last === undefined) return [];
  return (runner.run(last, { op: 'groups', input: cur }) as string[][]).map(
    (g) => new RegexGroups(g),
  );
}
