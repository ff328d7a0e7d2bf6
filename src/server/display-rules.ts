import type { ReplaceRule, ScriptVariant } from '#library';
import type { ReplaceRuleRecord, ServerStore } from './ports.ts';

const scripts: readonly ScriptVariant[] = [
  'original',
  'simplified',
  'traditional',
  'taiwan',
  'hongkong',
];

/** The reader's script setting, `original` when unset or unknown. */
export function scriptOf(settings: Readonly<Record<string, unknown>>): ScriptVariant {
  const value = settings['script'];
  return scripts.includes(value as ScriptVariant) ? (value as ScriptVariant) : 'original';
}

function toCleanerRule(row: ReplaceRuleRecord): ReplaceRule {
  return {
    id: String(row.id),
    name: row.name,
    group: row.group ?? '',
    pattern: row.pattern,
    replacement: row.replacement,
    isRegex: row.isRegex,
    scope: row.scope ?? '',
    excludeScope: row.excludeScope ?? '',
    scopeTitle: row.scopeTitle,
    scopeContent: row.scopeContent,
    isEnabled: row.enabled,
    timeoutMs: row.timeoutMs,
    order: row.order,
  };
}

/**
 * The enabled replace rules in the cleaner's form, read once and kept until an administrator
 * changes a rule (every chapter read needs them; they change rarely).
 */
export class DisplayRules {
  readonly #store: Pick<ServerStore, 'replaceRules'>;
  #rules: Promise<ReplaceRule[]> | undefined;
  /** Bumped on every change: part of the key of anything derived from the rules. */
  version = 0;

  constructor(store: Pick<ServerStore, 'replaceRules'>) {
    this.#store = store;
  }

  enabled(): Promise<ReplaceRule[]> {
    this.#rules ??= this.#store.replaceRules
      .list({ enabledOnly: true })
      .then((rows) => rows.map(toCleanerRule))
      .catch((error: unknown) => {
        this.#rules = undefined;
        throw error;
      });
    return this.#rules;
  }

  /** Call after any change to the rules. */
  changed(): void {
    this.#rules = undefined;
    this.version += 1;
  }
}
