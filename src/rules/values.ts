/**
 * Values flowing between rule steps and how Legado turns them into strings (Java `toString`):
 * elements print as pretty outer HTML, lists as `[a, b]`, maps as `{a=1}`.
 */
import { Document, isTag, isText } from 'domhandler';
import type { AnyNode } from 'domhandler';
import { ParsedContent } from './content.ts';
import { jsoupOuterHtml } from './html.ts';

/** The items of an AllInOne regex list: group 0 is the whole match, missing groups are "". */
export class RegexGroups {
  constructor(readonly groups: readonly string[]) {}
  toString(): string {
    return this.groups[0] ?? '';
  }
}

export function isNode(v: unknown): v is AnyNode {
  if (typeof v !== 'object' || v === null) return false;
  return v instanceof Document || isTag(v as AnyNode) || isText(v as AnyNode);
}

function isDomNode(v: unknown): v is AnyNode {
  return typeof v === 'object' && v !== null && 'type' in v && 'parent' in v;
}

/** Java-style toString of a rule value. */
export function stringOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof ParsedContent) return v.text;
  if (v instanceof RegexGroups) return v.toString();
  if (isDomNode(v)) return isText(v) ? v.data : jsoupOuterHtml(v);
  if (Array.isArray(v)) return '[' + v.map(stringOf).join(', ') + ']';
  if (typeof v === 'object') {
    const custom = (v as { toString?: () => string }).toString;
    if (custom && custom !== Object.prototype.toString) return custom.call(v);
    return (
      '{' +
      Object.entries(v)
        .map(([k, x]) => `${k}=${stringOf(x)}`)
        .join(', ') +
      '}'
    );
  }
  return String(v);
}

/** Does this value make Legado read unprefixed rules as JSONPath? (§3.1) */
export function isJsonValue(v: unknown): boolean {
  if (v instanceof ParsedContent) return v.kind === 'json';
  if (typeof v === 'string') {
    const t = v.trim();
    return (t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'));
  }
  if (v instanceof RegexGroups || isDomNode(v)) return false;
  if (Array.isArray(v)) return !v.some((x) => isDomNode(x));
  return typeof v === 'object' && v !== null;
}

/** A plain object (a JSON item or a script's object) — field rules may read keys directly. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
