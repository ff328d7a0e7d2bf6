/**
 * JSoup's CSS dialect on css-select (legado-rules.md §3.4, §10.1): `[attr~=regex]` is a regex
 * test, `:contains`/`:containsOwn` are case-insensitive on normalised text, `:matches(regex)`/
 * `:matchesOwn` take Java regexes, `:eq/:lt/:gt` test the element's sibling index, and a
 * selection includes the context element itself. Selectors compile once and are cached.
 */
import { compile, selectAll as cssSelectAll } from 'css-select';
import type { Options } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import { LinhaiError } from '#model';
import { jsoupData, jsoupOwnText, jsoupText, isTag } from './html.ts';
import { regexRunner } from './regex-runner.ts';

interface SideArg {
  readonly kind: string;
  readonly arg: string;
  readonly attr?: string;
}
const sideTable: SideArg[] = [];

function side(i: string | null | undefined): SideArg {
  const s = sideTable[Number(i)];
  if (!s) throw new Error('bad side-table index');
  return s;
}

// Selector regexes run through the time-limited runner like every other rule regex.
const runner = regexRunner();

/** Java-regex `find` on a value (`:matches`, `[attr~=re]`). */
function found(s: SideArg, value: string): boolean {
  return runner.run(s.arg, { op: 'test', input: value }) as boolean;
}

function siblingIndex(el: Element): number {
  let i = 0;
  for (let p = el.prev; p; p = p.prev) if (isTag(p)) i++;
  return i;
}

const pseudos: Options<AnyNode, Element>['pseudos'] = {
  'lh-contains': (el, v) => jsoupText(el).toLowerCase().includes(side(v).arg.toLowerCase()),
  'lh-containsown': (el, v) => jsoupOwnText(el).toLowerCase().includes(side(v).arg.toLowerCase()),
  'lh-containsdata': (el, v) => jsoupData(el).toLowerCase().includes(side(v).arg.toLowerCase()),
  'lh-containswholetext': (el, v) => textContent(el).includes(side(v).arg),
  'lh-matches': (el, v) => found(side(v), jsoupText(el)),
  'lh-matchesown': (el, v) => found(side(v), jsoupOwnText(el)),
  'lh-matcheswholetext': (el, v) => found(side(v), textContent(el)),
  'lh-attrre': (el, v) => {
    const s = side(v);
    const value = el.attribs[s.attr!];
    return value !== undefined && found(s, value);
  },
  eq: (el, v) => siblingIndex(el) === Number(v),
  lt: (el, v) => siblingIndex(el) < Number(v),
  gt: (el, v) => siblingIndex(el) > Number(v),
};

function textContent(el: AnyNode): string {
  if (isTag(el)) return el.children.map(textContent).join('');
  return 'data' in el ? String((el as { data: unknown }).data) : '';
}

// quirksMode: class names match case-insensitively, as Jsoup's hasClass does.
const options: Options<AnyNode, Element> = { pseudos, xmlMode: false, quirksMode: true };

/** Index of the `)` closing the `(` at `open`, skipping quotes and backslash escapes. */
function closeParen(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') i++;
    else if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

function unquote(s: string): string {
  const t = s.trim();
  return /^(['"]).*\1$/s.test(t) ? t.slice(1, -1) : t;
}

const jsoupPseudo =
  /:(containsOwn|containsData|containsWholeText|contains|matchesOwn|matchesWholeText|matches)\(/gi;

/**
 * Rewrites JSoup-only syntax into css-select pseudos backed by a side table of arguments.
 * @example rewrite('a[href~=book/\\d+]:contains(第)') → 'a:lh-attrre(0):lh-contains(1)'
 */
function rewriteJsoupSelector(selector: string): string {
  let s = selector;
  // [attr~=regex] — the regex may hold brackets; find the "]" that closes the attribute.
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '[') {
      const m = /^\[\s*([\w:-]+)\s*~=\s*/.exec(s.slice(i));
      if (m) {
        let depth = 0;
        let j = i + m[0].length;
        for (; j < s.length; j++) {
          const d = s[j]!;
          if (d === '\\') j++;
          else if (d === '[') depth++;
          else if (d === ']') {
            if (depth === 0) break;
            depth--;
          }
        }
        sideTable.push({
          kind: 'attrre',
          arg: unquote(s.slice(i + m[0].length, j)),
          attr: m[1]!.toLowerCase(),
        });
        out += `:lh-attrre(${sideTable.length - 1})`;
        i = j;
        continue;
      }
    }
    out += c;
  }
  s = out;
  out = '';
  let last = 0;
  for (let m = jsoupPseudo.exec(s); m; m = jsoupPseudo.exec(s)) {
    const open = m.index + m[0].length - 1;
    const close = closeParen(s, open);
    if (close < 0) break;
    sideTable.push({ kind: m[1]!.toLowerCase(), arg: unquote(s.slice(open + 1, close)) });
    out += s.slice(last, m.index) + `:lh-${m[1]!.toLowerCase()}(${sideTable.length - 1})`;
    last = close + 1;
    jsoupPseudo.lastIndex = close + 1;
  }
  jsoupPseudo.lastIndex = 0;
  return out + s.slice(last);
}

type Query = ReturnType<typeof compile<AnyNode, Element>>;
const compiled = new Map<string, Query>();

/** Compiles a JSoup CSS selector once; throws LinhaiError('rule-error') when it is invalid. */
function compileJsoupSelector(selector: string): Query {
  let q = compiled.get(selector);
  if (!q) {
    if (compiled.size > 5000) {
      // Forget both together: compiled queries hold indices into the side table.
      compiled.clear();
      sideTable.length = 0;
    }
    try {
      q = compile<AnyNode, Element>(rewriteJsoupSelector(selector.trim()), options);
    } catch (cause) {
      throw new LinhaiError('rule-error', `invalid CSS selector: ${selector}`, {
        details: { rule: selector },
        cause,
      });
    }
    compiled.set(selector, q);
  }
  return q;
}

/**
 * JSoup `select`: matching elements among the contexts themselves and their descendants, in
 * document order. css-select searches only the children of a lone node and skips non-elements in
 * an array, so contexts are passed as an array of elements (a document as its top elements).
 */
export function jsoupSelect(selector: string, contexts: AnyNode | AnyNode[]): Element[] {
  const q = compileJsoupSelector(selector);
  const list: AnyNode[] = [];
  for (const c of Array.isArray(contexts) ? contexts : [contexts]) {
    if (isTag(c)) list.push(c);
    else if ('children' in c)
      for (const k of (c as { children: AnyNode[] }).children) if (isTag(k)) list.push(k);
  }
  return cssSelectAll(q, list, options);
}
