/**
 * Rule variables. Legado writes `@put` to the first existing map of chapter → book → stage →
 * source and reads the first non-empty value along the same chain (legado-rules.md §3.9).
 */
import type { VariableStore } from './types.ts';

export interface MapVariableStore extends VariableStore {
  /** The stored values, for persisting into a book's or chapter's `variable` JSON. */
  toJSON(): Record<string, string>;
}

export function createVariableStore(
  initial: Readonly<Record<string, string>> = {},
): MapVariableStore {
  const map = new Map(Object.entries(initial));
  return {
    get: (key) => map.get(key),
    put: (key, value) => void map.set(key, value),
    toJSON: () => Object.fromEntries(map),
  };
}

/** Writes go to the first store; reads return the first non-empty value, in order. */
export function chainVariableStores(...stores: VariableStore[]): VariableStore {
  const first = stores[0];
  if (!first) throw new TypeError('chainVariableStores needs at least one store');
  return {
    get(key) {
      for (const s of stores) {
        const v = s.get(key);
        if (v !== undefined && v !== '') return v;
      }
      return undefined;
    },
    put: (key, value) => first.put(key, value),
  };
}
