import { LinhaiError, isLinhaiError } from '#model';
import { importReplaceRules } from '../cleaner/index.ts';
import type { ReplaceRule } from '../cleaner/index.ts';
import type { LegadoImportItem } from './import-legado-backup.ts';

/** A stored replace rule as the import compares and adds them (the store's `replaceRules`). */
export interface StoredReplaceRule {
  readonly name: string;
  readonly group: string | undefined;
  readonly pattern: string;
  readonly replacement: string;
  readonly isRegex: boolean;
  readonly scope: string | undefined;
  readonly scopeTitle: boolean;
  readonly scopeContent: boolean;
  readonly excludeScope: string | undefined;
  readonly enabled: boolean;
  readonly timeoutMs: number;
  readonly order: number;
}

export interface LegadoRulePorts {
  /** The instance's replace rules; absent: the backup's rules are not imported (not an admin). */
  readonly replaceRules?: {
    list(): Promise<readonly StoredReplaceRule[]>;
    add(rule: StoredReplaceRule): Promise<unknown>;
  };
}

/** `replaceRule.json` read in full (before anything is stored), its file named in any error. */
export function parseLegadoRules(text: string | undefined): ReplaceRule[] {
  if (text === undefined) return [];
  try {
    return importReplaceRules(text);
  } catch (error) {
    if (!isLinhaiError(error)) throw error;
    throw new LinhaiError(
      'import-parse',
      `replaceRule.json in the backup: ${error.message}; nothing was imported`,
      { details: { file: 'replaceRule.json', ...error.details }, cause: error },
    );
  }
}

/** The same rule: what it matches, what it puts instead, and where. */
const sameRule = (a: StoredReplaceRule, b: StoredReplaceRule) =>
  a.pattern === b.pattern &&
  a.replacement === b.replacement &&
  a.isRegex === b.isRegex &&
  (a.scope ?? '') === (b.scope ?? '') &&
  (a.excludeScope ?? '') === (b.excludeScope ?? '');

/** Adds the backup's replace rules the instance lacks (a rule already kept is left as it is). */
export async function importLegadoReplaceRules(
  rules: readonly ReplaceRule[],
  ports: LegadoRulePorts | undefined,
): Promise<LegadoImportItem[]> {
  if (rules.length === 0) return [];
  const store = ports?.replaceRules;
  if (store === undefined)
    return rules.map((rule) => ({
      kind: 'replace-rule',
      name: rule.name || rule.pattern,
      status: 'skipped',
      reason: 'replace rules apply to every reader: an administrator imports them',
    }));
  const kept = [...(await store.list())];
  const items: LegadoImportItem[] = [];
  for (const rule of rules) {
    const stored: StoredReplaceRule = {
      name: rule.name,
      group: rule.group || undefined,
      pattern: rule.pattern,
      replacement: rule.replacement,
      isRegex: rule.isRegex,
      scope: rule.scope || undefined,
      scopeTitle: rule.scopeTitle,
      scopeContent: rule.scopeContent,
      excludeScope: rule.excludeScope || undefined,
      enabled: rule.isEnabled,
      timeoutMs: rule.timeoutMs,
      order: rule.order,
    };
    const name = rule.name || rule.pattern;
    if (kept.some((k) => sameRule(k, stored))) {
      items.push({ kind: 'replace-rule', name, status: 'unchanged' });
      continue;
    }
    await store.add(stored);
    kept.push(stored);
    items.push({
      kind: 'replace-rule',
      name,
      status: 'imported',
      ...(rule.problem ? { reason: `kept, but it will not apply: ${rule.problem}` } : {}),
    });
  }
  return items;
}
