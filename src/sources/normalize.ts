/**
 * Turns one parsed JSON object into a BookSource the way Legado's Gson adapters read it (§1.2):
 * sub-rules given as JSON text are parsed, non-string values of string fields become their JSON
 * text, numbers written as strings become numbers; nulls and non-numeric ints are dropped (the
 * default applies, as in Legado). Unknown keys are copied untouched and in their original order.
 */
import { LinhaiError } from '#model';
import { parseLenientJson } from '#rules';
import type { JsonValue } from '#rules';
import { boolFields, intFields, stringFields, subRuleFields } from './types.ts';
import type { BookSource } from './types.ts';

const stringSet = new Set<string>(stringFields);
const intSet = new Set<string>(intFields);
const boolSet = new Set<string>(boolFields);
const subRuleSet = new Set<string>(subRuleFields);

function isPlainObject(value: unknown): value is Record<string, JsonValue> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A JSON value read as a Legado String field. */
function asString(value: JsonValue): string | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function asInt(value: JsonValue): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  // an integer written as a string, e.g. "0" or " -12 "
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value.trim());
  return undefined;
}

function asBool(value: JsonValue): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 1) return true;
  if (value === 'false' || value === 0) return false;
  return undefined;
}

/** A sub-rule object, which older exports store as a JSON string. */
function asSubRule(
  value: JsonValue,
  key: string,
  where: string,
): Record<string, unknown> | undefined {
  let object: JsonValue = value;
  if (typeof value === 'string') {
    if (value.trim() === '') return undefined;
    try {
      object = parseLenientJson(value).value;
    } catch (cause) {
      throw new LinhaiError(
        'import-parse',
        `${where}: "${key}" is a string that is not a JSON object`,
        {
          details: { field: key },
          cause,
        },
      );
    }
  }
  if (value === null) return undefined;
  if (!isPlainObject(object)) {
    throw new LinhaiError('import-parse', `${where}: "${key}" must be an object`, {
      details: { field: key },
    });
  }
  const out: Record<string, unknown> = {};
  for (const [ruleKey, ruleValue] of Object.entries(object)) {
    // Rule values are Strings in Legado too; keep unknown shapes as JSON text.
    const text = asString(ruleValue);
    if (text !== undefined) out[ruleKey] = text;
  }
  return out;
}

/**
 * Normalises one source object; `where` names it in errors ("item 3"). Throws
 * LinhaiError('import-parse') when the item cannot be a source (no `bookSourceUrl`).
 */
export function normalizeSource(raw: JsonValue, where: string): BookSource {
  if (!isPlainObject(raw)) {
    throw new LinhaiError('import-parse', `${where} is not an object`, {
      details: { item: where },
    });
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (stringSet.has(key)) {
      const text = asString(value);
      if (text !== undefined) out[key] = text;
    } else if (intSet.has(key)) {
      const n = asInt(value);
      if (n !== undefined) out[key] = n;
    } else if (boolSet.has(key)) {
      const b = asBool(value);
      if (b !== undefined) out[key] = b;
    } else if (subRuleSet.has(key)) {
      const rule = asSubRule(value, key, where);
      if (rule !== undefined) out[key] = rule;
    } else {
      Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  const url = out['bookSourceUrl'];
  if (typeof url !== 'string' || url.trim() === '') {
    throw new LinhaiError('import-parse', `${where} has no bookSourceUrl`, {
      details: { item: where, name: asString(raw['bookSourceName'] ?? null) ?? '' },
    });
  }
  const problem = sourceUrlProblem(url.trim());
  if (problem !== undefined) {
    const name = asString(raw['bookSourceName'] ?? null) ?? '';
    throw new LinhaiError('import-parse', `${where}${name ? ` (${name})` : ''}: ${problem}`, {
      details: { item: where, name, url },
    });
  }
  if (typeof out['bookSourceName'] !== 'string') out['bookSourceName'] = '';
  return out as BookSource;
}

/**
 * Why a `bookSourceUrl` cannot be a source's address, if it cannot. Real sources use http(s) URLs,
 * bare host names ("www.example.com") and plain names ("通用书源") as keys, and all of those work;
 * another scheme (`javascript:`, `file:`, `data:`) or a bare number (read as an IPv4 address:
 * "123" is 0.0.0.123) would become the base of every relative URL of the source.
 */
function sourceUrlProblem(url: string): string | undefined {
  // "www.example.com:8080/x" is a host and port, not a scheme.
  const scheme = /^([a-z][a-z0-9+.-]*):(?!\d)/i.exec(url)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    return `bookSourceUrl "${url}" uses the ${scheme}: scheme; a source's address must be http:// or https://`;
  }
  if (/^(0x[0-9a-f]+|\d+)(\.(0x[0-9a-f]+|\d+)){0,3}\/?$/i.test(url)) {
    return `bookSourceUrl "${url}" is a bare number, not a site's address; give its http:// or https:// URL`;
  }
  return undefined;
}
