/**
 * Legado replace rules (净化 / 替换规则) imported from their JSON (legado-rules.md §5): the 3.x
 * fields with their defaults, the 2.0 legacy keys, numbers and booleans written as strings.
 */
import { LinhaiError } from '#model';

export interface ReplaceRule {
  readonly id: string;
  readonly name: string;
  readonly group: string;
  readonly pattern: string;
  /** Java replacement syntax; `@js:` marks a script evaluated per match. */
  readonly replacement: string;
  readonly isRegex: boolean;
  /** Applies when empty or when it contains the book's title or the source's key. */
  readonly scope: string;
  readonly excludeScope: string;
  readonly scopeTitle: boolean;
  readonly scopeContent: boolean;
  readonly isEnabled: boolean;
  readonly timeoutMs: number;
  readonly order: number;
  /** Why the rule cannot run as written (it is kept, shown, and skipped). */
  readonly problem?: 'empty-pattern' | 'trailing-bar' | 'needs-js';
}

type Raw = Record<string, unknown>;

function text(raw: Raw, ...keys: string[]): string {
  for (const key of keys) {
    const value = raw[key];
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return String(value);
  }
  return '';
}

function flag(raw: Raw, fallback: boolean, ...keys: string[]): boolean {
  for (const key of keys) {
    const value = raw[key];
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === 1) return true;
    if (value === 'false' || value === 0) return false;
  }
  return fallback;
}

function number(raw: Raw, fallback: number, ...keys: string[]): number {
  for (const key of keys) {
    const value = Number(raw[key]);
    if (raw[key] !== undefined && raw[key] !== '' && Number.isFinite(value)) return value;
  }
  return fallback;
}

// A pattern ending with an unescaped "|" matches the empty string everywhere; Legado refuses it.
// Sample: "广告|" → invalid; "a\\|" → valid (an escaped bar).
const trailingBar = /(?<!\\)(?:\\\\)*\|$/;

function problemOf(rule: Omit<ReplaceRule, 'problem'>): ReplaceRule['problem'] {
  if (rule.pattern === '') return 'empty-pattern';
  if (rule.isRegex && trailingBar.test(rule.pattern)) return 'trailing-bar';
  if (rule.replacement.startsWith('@js:')) return 'needs-js';
  return undefined;
}

function toRule(raw: Raw, index: number): ReplaceRule {
  // Legacy 2.0 `useTo` lists where a rule applies; "content" only means no titles.
  const useTo = text(raw, 'useTo');
  const rule = {
    id: text(raw, 'id') || `imported-${index}`,
    name: text(raw, 'name', 'replaceSummary'),
    group: text(raw, 'group'),
    pattern: text(raw, 'pattern', 'regex'),
    replacement: text(raw, 'replacement'),
    isRegex: flag(raw, true, 'isRegex'),
    scope: text(raw, 'scope'),
    excludeScope: text(raw, 'excludeScope'),
    scopeTitle: flag(raw, useTo.includes('title'), 'scopeTitle'),
    scopeContent: flag(raw, true, 'scopeContent'),
    isEnabled: flag(raw, true, 'isEnabled', 'enable'),
    timeoutMs: number(raw, 3000, 'timeoutMillisecond'),
    order: number(raw, index, 'order', 'serialNumber'),
  };
  const problem = problemOf(rule);
  return problem === undefined ? rule : { ...rule, problem };
}

/**
 * Rules from Legado's replace-rule JSON (an array, or one rule object), sorted by `order`.
 * Throws `LinhaiError('import-parse')` when the text is not JSON or holds no rule objects.
 */
export function importReplaceRules(json: string | unknown): ReplaceRule[] {
  let data: unknown = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json.replace(/^\uFEFF/, ''));
    } catch (cause) {
      throw new LinhaiError('import-parse', 'replace rules are not valid JSON', { cause });
    }
  }
  const list = Array.isArray(data) ? data : [data];
  const rules = list.map((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new LinhaiError('import-parse', `replace rule ${index} is not an object`, {
        details: { index },
      });
    }
    return toRule(item as Raw, index);
  });
  return rules.sort((a, b) => a.order - b.order);
}

/** Whether a rule applies to a book (by title) from a source (by key), Legado's substring test. */
export function ruleApplies(rule: ReplaceRule, bookTitle: string, sourceKey: string): boolean {
  const mentions = (scope: string) =>
    (bookTitle !== '' && scope.includes(bookTitle)) ||
    (sourceKey !== '' && scope.includes(sourceKey));
  if (rule.scope.trim() !== '' && !mentions(rule.scope)) return false;
  return !(rule.excludeScope.trim() !== '' && mentions(rule.excludeScope));
}
