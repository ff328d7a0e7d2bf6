/**
 * Runs replace rules over chapter text with Legado's semantics (legado-rules.md §5, §3.7): Java
 * regexes through the injected `RegexEngine`, a literal replace when a pattern does not compile,
 * and a rule that overruns its time limit disabled for the rest of the process.
 */
import { isLinhaiError } from '#model';
import type { RegexEngine, CompiledRegex } from './ports.ts';
import type { ReplaceRule } from './replace-rule-import.ts';
import { ruleApplies } from './replace-rule-import.ts';

/** A rule that did not run as written, for the caller to show. */
export interface RuleProblem {
  readonly ruleId: string;
  readonly name: string;
  readonly problem: 'literal-fallback' | 'timeout' | 'needs-js' | 'invalid' | 'error';
  readonly message: string;
}

function literalReplace(input: string, pattern: string, replacement: string): string {
  return input.split(pattern).join(replacement);
}

export class ReplaceRunner {
  readonly #engine: RegexEngine;
  readonly #compiled = new Map<string, CompiledRegex | 'literal'>();
  readonly #disabled = new Set<string>();

  constructor(engine: RegexEngine) {
    this.#engine = engine;
  }

  #compile(key: string, pattern: string, timeoutMs: number): CompiledRegex | 'literal' {
    let compiled = this.#compiled.get(key);
    if (compiled === undefined) {
      try {
        compiled = this.#engine.compile(pattern, { timeoutMs });
      } catch {
        compiled = 'literal';
      }
      this.#compiled.set(key, compiled);
    }
    return compiled;
  }

  /** Applies one regex-or-literal replacement; the problem, if any, is pushed to `problems`. */
  async #replace(
    text: string,
    rule: {
      id: string;
      name: string;
      pattern: string;
      replacement: string;
      isRegex: boolean;
      timeoutMs: number;
    },
    problems: RuleProblem[],
  ): Promise<string> {
    if (this.#disabled.has(rule.id)) return text;
    if (!rule.isRegex) return literalReplace(text, rule.pattern, rule.replacement);
    const compiled = this.#compile(`${rule.id}\u0000${rule.pattern}`, rule.pattern, rule.timeoutMs);
    if (compiled === 'literal') {
      problems.push({
        ruleId: rule.id,
        name: rule.name,
        problem: 'literal-fallback',
        message: 'the pattern does not compile as a Java regex; replaced literally as Legado does',
      });
      return literalReplace(text, rule.pattern, rule.replacement);
    }
    try {
      return await compiled.replaceAll(text, rule.replacement);
    } catch (error) {
      this.#disabled.add(rule.id);
      // #rules reports an overrun as 'rule-error' "ran longer than N ms"; 'deadline' is the
      // generic code for a passed time limit.
      const timeout =
        isLinhaiError(error) &&
        (error.code === 'deadline' || /longer than|timed? ?out/i.test(error.message));
      problems.push({
        ruleId: rule.id,
        name: rule.name,
        problem: timeout ? 'timeout' : 'error',
        message: `${error instanceof Error ? error.message : String(error)}; rule disabled`,
      });
      return text;
    }
  }

  /** Applies the content-scoped rules that match the book and source, in `order`. */
  async applyRules(
    text: string,
    rules: readonly ReplaceRule[],
    scope: { bookTitle: string; sourceKey: string; target: 'content' | 'title' },
  ): Promise<{ text: string; problems: RuleProblem[] }> {
    const problems: RuleProblem[] = [];
    for (const rule of rules) {
      if (!rule.isEnabled || !ruleApplies(rule, scope.bookTitle, scope.sourceKey)) continue;
      if (scope.target === 'content' ? !rule.scopeContent : !rule.scopeTitle) continue;
      if (rule.problem !== undefined) {
        if (rule.problem === 'needs-js') {
          problems.push({
            ruleId: rule.id,
            name: rule.name,
            problem: 'needs-js',
            message: 'the replacement is a script (@js:); scripts are not run in replace rules yet',
          });
        }
        continue;
      }
      text = await this.#replace(text, rule, problems);
    }
    return { text, problems };
  }
}
