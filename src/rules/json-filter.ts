/**
 * JSONPath filter scripts without a JS engine for the common case. jsonpath-plus hands us the
 * filter with `@` rewritten to `_$_v` (e.g. `_$_v.price < 10 && _$_v.tag == 'x'`). This tiny
 * interpreter handles paths, literals, comparisons, `!`, `&&`, `||` and parentheses; anything else
 * reports `ok: false` and goes to the sandbox. Jayway's `=~ /re/` becomes a regex test first.
 */
import { regexRunner } from './regex-runner.ts';

const runner = regexRunner();

/** Jayway `a =~ /re/i` → `/re/i.test(a)`. Sample: "_$_v.name =~ /^ab/i" → "/^ab/i.test(_$_v.name)". */
export function translateJaywayFilter(code: string): string {
  return code.replace(/([\w$.[\]'"]+)\s*=~\s*(\/(?:\\.|[^/\\])*\/[a-z]*)/g, '$2.test($1)');
}

type Tok =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'id'; v: string }
  | { t: 'op'; v: string };

function tokenize(s: string): Tok[] | undefined {
  const out: Tok[] = [];
  // Sample: "_$_v.a[0] >= 1.5" → id "_$_v.a[0]", op ">=", num 1.5
  const re =
    /\s*(?:(-?\d+(?:\.\d+)?)|'((?:\\.|[^'\\])*)'|"((?:\\.|[^"\\])*)"|([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*|\[\d+\]|\['[^']*'\])*)|(===|!==|==|!=|<=|>=|&&|\|\||[<>!()]))/y;
  // A translated Jayway regex test. Sample: "/^ab/i.test(_$_v.name)".
  const reTest = /\s*\/((?:\\.|[^/\\])*)\/([a-z]*)\.test\(([^()]*)\)/y;
  let i = 0;
  while (i < s.length) {
    if (/^\s*$/.test(s.slice(i))) break;
    reTest.lastIndex = i;
    const r = reTest.exec(s);
    if (r) {
      try {
        out.push({
          t: 're',
          v: new RegExp(r[1]!, r[2]!.replace(/[^imsu]/g, '')), // validated here; run by the guarded runner
          arg: r[3]!.trim(),
        });
      } catch {
        return undefined;
      }
      i = reTest.lastIndex;
      continue;
    }
    re.lastIndex = i;
    const m = re.exec(s);
    if (!m) return undefined;
    if (m[1] !== undefined) out.push({ t: 'num', v: Number(m[1]) });
    else if (m[2] !== undefined) out.push({ t: 'str', v: m[2].replace(/\\(.)/g, '$1') });
    else if (m[3] !== undefined) out.push({ t: 'str', v: m[3].replace(/\\(.)/g, '$1') });
    else if (m[4] !== undefined) out.push({ t: 'id', v: m[4] });
    else out.push({ t: 'op', v: m[5]! });
    i = re.lastIndex;
  }
  return out;
}

class Fail extends Error {}

function lookup(path: string, ctx: Record<string, unknown>): unknown {
  if (path === 'true') return true;
  if (path === 'false') return false;
  if (path === 'null') return null;
  if (path === 'undefined') return undefined;
  const parts = path.match(/[A-Za-z_$][\w$]*|\[\d+\]|\['[^']*'\]/g) ?? [];
  const head = parts.shift();
  if (head === undefined || !head.startsWith('_$_')) throw new Fail();
  let v: unknown = ctx[head];
  for (const p of parts) {
    if (v === null || v === undefined) return undefined;
    const key = p.startsWith("['")
      ? p.slice(2, -2)
      : p.startsWith('[')
        ? Number(p.slice(1, -1))
        : p;
    if (
      typeof key === 'string' &&
      (key === 'length' || key === 'constructor' || key.startsWith('__'))
    ) {
      if (key === 'length' && (typeof v === 'string' || Array.isArray(v))) {
        v = v.length;
        continue;
      }
      throw new Fail();
    }
    v =
      typeof v === 'object' && Object.hasOwn(v as object, key)
        ? (v as Record<string | number, unknown>)[key]
        : undefined;
  }
  return v;
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
  const primary = (): unknown => {
    const t = toks[i++];
    if (!t) throw new Fail();
    if (t.t === 'num' || t.t === 'str') return t.v;
    if (t.t === 'id') return lookup(t.v, ctx);
    if (t.t === 're') {
      const v = lookup(t.arg, ctx);
      if (typeof v !== 'string') return false;
      const flags = t.v.flags.replace(/[^ims]/g, '');
      return runner.run(flags ? `(?${flags})${t.v.source}` : t.v.source, {
        op: 'test',
        input: v,
      }) as boolean;
    }
    if (t.v === '(') {
      const v = or();
      if (toks[i++]?.v !== ')') throw new Fail();
      return v;
    }
    if (t.v === '!') return !primary();
    throw new Fail();
  };
  const cmp = (): unknown => {
    const a = primary();
    const t = peek();
    if (t?.t !== 'op' || !['==', '!=', '===', '!==', '<', '>', '<=', '>='].includes(t.v)) return a;
    i++;
    const b = primary();
    switch (t.v) {
      case '==':
      case '===':
        return a === b;
      case '!=':
      case '!==':
        return a !== b;
      case '<':
        return (a as number) < (b as number);
      case '>':
        return (a as number) > (b as number);
      case '<=':
        return (a as number) <= (b as number);
      default:
        return (a as number) >= (b as number);
    }
  };
  const and = (): unknown => {
    let v = cmp();
    while (peek()?.v === '&&') {
      i++;
      const w = cmp();
      v = v && w;
    }
    return v;
  };
  const or = (): unknown => {
    let v = and();
    while (peek()?.v === '||') {
      i++;
      const w = and();
      v = v || w;
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
