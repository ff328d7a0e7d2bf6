/**
 * The cleaner's public surface, re-exported by the library layer's door.
 *
 * @example
 * const cleaner = createCleaner({ boilerplate: store, regex: engineFromRules });
 * const { paragraphs, verdict } = await cleaner.clean({ sourceKey, bookKey, chapterTitle, content: html });
 * if (verdict !== 'ok') throw new LinhaiError('bad-content', verdict.reason, { details: { kind: verdict.bad } });
 */
export { createCleaner, patternId } from './cleaner.ts';
export type {
  Cleaner,
  CleanerOptions,
  CleanInput,
  CleanResult,
  PresentInput,
  RecheckInput,
  RecheckResult,
  Removal,
  RemovalReason,
} from './cleaner.ts';
export type {
  BoilerplatePattern,
  BoilerplateStore,
  PatternPlace,
  PatternStatus,
  RegexEngine,
  CompiledRegex,
} from './ports.ts';
export { MemoryBoilerplateStore } from './memory-boilerplate-store.ts';
export { importReplaceRules, ruleApplies } from './replace-rule-import.ts';
export type { ReplaceRule } from './replace-rule-import.ts';
export type { RuleProblem } from './replace-runner.ts';
export { judgePage } from './judge-page.ts';
export type { BadKind, BookNorm, Verdict } from './judge-page.ts';
export { bookNormOf, bookNormOfSizes, lettersInChapter } from './book-norm.ts';
export { htmlToParagraphs, toParagraphs } from './html-to-paragraphs.ts';
export { skeletonOf, tidyLine } from './normalize.ts';
export { toScript, scriptVariants } from './chinese-script.ts';
export type { ScriptVariant } from './chinese-script.ts';
export { badContentError } from './bad-content.ts';
