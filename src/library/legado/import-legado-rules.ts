import { LinhaiError, isLinhaiError } from '#model';
import type { ReplaceRuleFields } from '#model';
import { importReplaceRules } from '../cleaner/index.ts';
import type { ReplaceRule } from '../cleaner/index.ts';
import { replaceRuleFields } from '../replace-rule-fields.ts';
import type { LegadoImportItem } from './import-legado-backup.ts';

export interface LegadoRulePorts {
  /** The instance's replace rules; absent: the backup's rules are not imported (not an admin). */
  readonly replaceRules?: {
    list(): Promise<readonly ReplaceRuleFields[]>;
    add(rule: ReplaceRuleFields): Promise<unknown>;
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
const sameRule = (a: ReplaceRuleFields, b: ReplaceRuleFields) =>
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
    const stored = replaceRuleFields(rule);
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
