import type { ReplaceRuleFields } from '#model';
import type { ReplaceRule } from './cleaner/index.ts';

/**
 * A replace rule read from Legado's JSON (`importReplaceRules`) in the fields the store keeps: an
 * empty group, scope or exclusion is none. The Legado backup import and the replace-rule routes'
 * import both store rules through this.
 */
export function replaceRuleFields(rule: ReplaceRule): ReplaceRuleFields {
  return {
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
}
