/**
 * JSONPath filter scripts without a JS engine for the common case. jsonpath-plus hands us the
 * filter with `@` rewritten to `_$_v` (e.g. `_$_v.price < 10 && _$_v.tag == 'x'`). This tiny
 * interpreter reads them the way Jayway (Legado's JsonPath) does: paths, literals (numbers,
 * strings, arrays), `== != < > <= >=` (typed: a string never orders against a number, but `==`
 * compares "42" and 42 as equal), `=~ /re/` (a whole-string match), `in`/`nin`, `!`, `&&`, `||`,
 * parentheses, and a bare path as an existence test. Anything else reports `ok: false` and goes
 * to the sandbox.
 */
import { isDeepStrictEqual } from 'node:util';
import { regexRunner } from './regex-runner.ts';

const runner = regexRunner();

/** Jayway `a =~ /re/i` → `/re/i.test(a)`. Sample: "_$_v.name =~ /^ab/i" → "/^ab/i.test(_$_v.name)". */
export function translateJaywayFilter(code: string): string {
  return code.replace(/([\w$.[\]'"-]+)\s*=~\s*(\/(?:\\.|[^/\\])*\/[a-z]*)/g, '$2.test($1)');
}

type Tok =
  | { t: 'lit'; v: unknown }
  | { t: 'id'; v: string }
  | { t: 'op'; v: string }
  | { t: 're'; source: string; flags: string; arg: string };

// Sample: "_$_v.a[0] >= 1.5" → id "_$_v.a[0]", op ">=", number 1.5. Property names may hold
// "-", "+", "*" as Jayway reads them ("@.key-dash" is the key "key-dash").
const tokenPattern =
  /\s*(?:(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|('(?:\\.|[^'\\])*')|("(?:\\.|[^"\\])*")|(_\$_\w+(?:\.[^\s=!<>()&|[\].]+|\[\d+\]|\['[^']*'\])*|true|false|null)|(===|!==|==|!=|<=|>=|&&|\|\||\bnin\b|\bin\b|[<>!()[\],]))/y;
// A translated Jayway regex test. Sample: "/^ab/i.test(_$_v.name)".
const regexTest = /\s*\/((?:\\.|[^/\\])*)\/([a-z]*)\.test\(([^()]*)\)/y;

function tokenize(s: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  while (i < s.length) {
    if (/^\s*$/.test(s.slice(i))) break;
    regexTest.lastIndex = i;
    const r = regexTest.exec(s);
    if (r) {
      out.push({ t: 're', source: r[1]!, flags: r[2]!.replace(/[^ims]/g, ''), arg: r[3]!.trim() });
      i = regexTest.lastIndex;
      continue;
    }
    tokenPattern.lastIndex = i;
    const m = tokenPattern.exec(s);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push({ t: 'lit', v: Number(m[1]) });
    else if (m[2] !== undefined)
      out.push({ t: 'lit', v: m[2].slice(1, -1).replace(/\\(.)/g, '$1') });
    else if (m[3] !== undefined) {
      try {
        out.push({ t: 'lit', v: JSON.parse(m[3]) as string });
      } catch {
        return undefined;
      }
    } else if (m[4] !== undefined) {
      if (m[4] === 'true' || m[4] === 'false' || m[4] === 'null')
        out.push({ t: 'lit', v: JSON.parse(m[4]) as unknown });
      else out.push({ t: 'id', v: m[4] });
    } else out.push({ t: 'op', v: m[5]! });
    i = tokenPattern.lastIndex;
  }
  return out;
}

class Fail extends Error {}

function lookup(path: string, ctx: Record<string, unknown>): unknown {
  const parts = path.match(/^_\$_\w+|\.[^.[]+|\[\d+\]|\['[^']*'\]/g) ?? [];
  const head = parts.shift();
  if (head === undefined) throw new Fail();
  let v: unknown = ctx[head];
  for (const p of parts) {
    if (v === null || v === undefined) return undefined;
    const key = p.startsWith("['")
      ? p.slice(2, -2)
      : p.startsWith('[')
        ? Number(p.slice(1, -1))
        : p.slice(1);
    if (typeof key === 'string' && (key === 'constructor' || key.startsWith('__')))
      throw new Fail();
    v =
      typeof v === 'object' && Object.hasOwn(v as object, key)
        ? (v as Record<string | number, unknown>)[key]
        : undefined;
  }
  return v;
}

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'string') return b.trim() !== '' && Number(b) === a;
  if (typeof a === 'string' && typeof b === 'number') return a.trim() !== '' && Number(a) === b;
  return isDeepStrictEqual(a, b);
}

function order(a: unknown, b: unknown, op: string): boolean {
  const comparable =
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'string' && typeof b === 'string');
  if (!comparable) return false;
  const x = a as number;
  const y = b as number;
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}

/** Evaluates a simple filter; `ok: false` when the script needs a real JS engine. */
export function evalSimpleFilter(
  code: string,
  ctx: Record<string, unknown>,
): { ok: true; value: unknown } | { ok: false } {
  const toks = tokenize(code);
  if (!toks) return { ok: false };
  let i = 0;
  const peek = (): Tok | undefined => toks[i];
  const isOp = (v: string): boolean => {
    const t = toks[i];
    return t?.t === 'op' && t.v === v;
  };
  const array = (): unknown[] => {
    const out: unknown[] = [];
    while (!isOp(']')) {
      out.push(primary());
      if (isOp(',')) i++;
      else if (!isOp(']')) throw new Fail();
    }
    i++;
    return out;
  };
  const primary = (): unknown => {
    const t = toks[i++];
    if (!t) throw new Fail();
    if (t.t === 'lit') return t.v;
    if (t.t === 'id') return lookup(t.v, ctx);
    if (t.t === 're') {
      const v = lookup(t.arg, ctx);
      if (typeof v !== 'string') return false;
      // Jayway matches the whole string.
      const pattern = `${t.flags ? `(?${t.flags})` : ''}^(?:${t.source})$`;
      return runner.run(pattern, { op: 'test', input: v }) as boolean;
    }
    if (t.v === '(') {
      const v = or();
      if (!isOp(')')) throw new Fail();
      i++;
      return v;
    }
    if (t.v === '[') return array();
    if (t.v === '!') return !truthy(primary());
    throw new Fail();
  };
  const truthy = (v: unknown): boolean => !!v;
  const cmp = (): unknown => {
    const a = primary();
    const t = peek();
    if (
      t?.t !== 'op' ||
      !['==', '!=', '===', '!==', '<', '>', '<=', '>=', 'in', 'nin'].includes(t.v)
    )
      return a;
    i++;
    const b = primary();
    switch (t.v) {
      case '==':
      case '===':
        return equal(a, b);
      case '!=':
      case '!==':
        return !equal(a, b);
      case 'in':
        return Array.isArray(b) && b.some((x) => equal(a, x));
      case 'nin':
        return Array.isArray(b) && !b.some((x) => equal(a, x));
      default:
        return order(a, b, t.v);
    }
  };
  const and = (): unknown => {
    let v = cmp();
    while (isOp('&&')) {
      i++;
      const w = cmp();
      v = truthy(v) && truthy(w);
    }
    return v;
  };
  const or = (): unknown => {
    let v = and();
    while (isOp('||')) {
      i++;
      const w = and();
      v = truthy(v) || truthy(w);
    }
    return v;
  };
  try {
    // Jayway: a bare path tests existence (`[?(@.vip)]` keeps vip=false), `!path` its absence.
    const [t0, t1] = toks;
    if (toks.length === 1 && t0?.t === 'id')
      return { ok: true, value: lookup(t0.v, ctx) !== undefined };
    if (toks.length === 2 && t0?.t === 'op' && t0.v === '!' && t1?.t === 'id')
      return { ok: true, value: lookup(t1.v, ctx) === undefined };
    const value = or();
    if (i !== toks.length) return { ok: false };
    return { ok: true, value };
  } catch (e) {
    if (e instanceof Fail) return { ok: false };
    throw e;
  }
}
