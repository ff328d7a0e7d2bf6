/**
 * A `RegexEngine` for tests and benchmarks that have no `#rules` engine at hand: plain JavaScript
 * regexes with Java's `(?i)`/`(?s)` leading flags and `\h` translated, Java `$n` replacements, and
 * no time limit. The composition root uses the real one from `#rules` instead; tests that check
 * Java-regex behaviour (replace rules) inject that one.
 */
import type { RegexEngine } from '../ports.ts';

export const plainRegexEngine: RegexEngine = {
  compile(pattern) {
    let flags = 'g';
    // Leading inline flags. Sample: "(?i)abc" → flags "gi", source "abc".
    const inline = /^\(\?([is]+)\)/.exec(pattern);
    const source = (inline ? pattern.slice(inline[0].length) : pattern).replace(
      /\\h/g,
      '[ \\t\\u00a0\\u3000]',
    );
    if (inline?.[1] !== undefined) flags += inline[1];
    const regex = new RegExp(source, `${flags}u`);
    return {
      // Java's "\$" is a literal dollar; JS writes it "$$".
      replaceAll: (input, replacement) =>
        input.replace(regex, replacement.replace(/\\\$/g, '$$$$')),
    };
  },
};
