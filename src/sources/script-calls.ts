/**
 * A static scan of one script for method calls on the Java-side values Linhai hands scripts:
 * `java.x(…)`, `Jsoup.parse(…)`/`org.jsoup.Jsoup.parse(…)`, and calls on what those return,
 * followed through call chains (`java.getElements(r).first().text()`) and through variables
 * assigned such a value (`var d = org.jsoup.Jsoup.parse(src); d.select("p").remove()`).
 *
 * What it cannot decide it leaves out: a variable assigned values of different kinds, values
 * passed through functions, arrays or objects, and computed member names (`x[name]()`).
 */
import type { ScriptValueKind } from '#rules';

/** The source's own objects scripts see: `source`, `cookie`, `cache`, `book`, `chapter`. */
export type BindingKind = 'BookSource' | 'Cookie' | 'Cache' | 'Book' | 'BookChapter';
export type CallKind = ScriptValueKind | BindingKind;

const bindingRoots: Readonly<Record<string, BindingKind>> = {
  source: 'BookSource',
  cookie: 'Cookie',
  cache: 'Cache',
  book: 'Book',
  chapter: 'BookChapter',
};

export interface ScriptCall {
  kind: CallKind;
  method: string;
  /** What it is called on as written: "java", "org.jsoup.Jsoup", a variable, or "…" after a call. */
  receiver: string;
}

type Kind = CallKind | undefined;

const words = (list: string): ReadonlySet<string> => new Set(list.split(' '));

const stringMethods = words(
  'trim trimStart trimEnd replace replaceAll substring substr slice toLowerCase toUpperCase concat charAt padStart padEnd repeat normalize toString valueOf',
);
const javaStrings = words(
  'getString ajax base64Decode base64Encode md5Encode md5Encode16 encodeURI timeFormat timeFormatUTC t2s s2t hexDecodeToString hexEncodeToString htmlFormat toNumChapter importScript cacheFile getZipStringContent getCookie utf8ToGbk randomUUID androidId digestHex digestBase64Str HMacHex HMacBase64 bytesToStr getWebViewUA aesBase64DecodeToString aesDecodeToString desDecodeToString',
);
const toElements = words(
  'select children siblingElements getElementsByTag getElementsByClass getElementsByAttribute getAllElements parents not filter next prev subList eq',
);
const toElement = words(
  'selectFirst first last get child parent nextElementSibling previousElementSibling firstElementChild lastElementChild body head closest getElementById',
);
const toText = words(
  'ownText outerHtml absUrl tagName nodeName id className val data title wholeText toString',
);
const toList = words('eachText eachAttr textNodes classNames');
/** Methods that change the tree and give the element back (JSoup chaining). */
const toSelf = words('remove empty append prepend before after addClass removeClass removeAttr');

/** The kind of `receiver.method(args)`; undefined when the scan cannot tell. */
function resultKind(receiver: CallKind, method: string, argCount: number): Kind {
  switch (receiver) {
    case 'BookSource':
      return method === 'getKey' || method === 'getTag' || method === 'getVariable'
        ? 'String'
        : undefined;
    case 'Cookie':
      return method === 'getCookie' || method === 'getKey' ? 'String' : undefined;
    case 'Book':
    case 'BookChapter':
      return method === 'getVariable' ? 'String' : undefined;
    case 'Cache':
      return undefined;
    case 'java':
      if (method === 'getStringList') return 'List';
      if (method === 'getElements') return 'Elements';
      if (method === 'getElement') return 'Element';
      if (method === 'get') return argCount >= 2 ? 'Response' : 'String';
      if (method === 'post' || method === 'head' || method === 'connect') return 'Response';
      if (method === 'ajaxAll') return 'List';
      return javaStrings.has(method) ? 'String' : undefined;
    case 'Jsoup':
      return method === 'parse' || method === 'parseBodyFragment' ? 'Document' : undefined;
    case 'Document':
    case 'Element':
    case 'Elements':
      if (toElements.has(method)) return 'Elements';
      if (toElement.has(method)) return 'Element';
      if (toList.has(method)) return 'List';
      if (toText.has(method)) return 'String';
      if (toSelf.has(method)) return method === 'remove' && argCount > 0 ? undefined : receiver;
      // text()/html()/attr(k) read; text(s)/html(s)/attr(k, v) write and chain.
      if (method === 'text' || method === 'html') return argCount === 0 ? 'String' : receiver;
      if (method === 'attr') return argCount <= 1 ? 'String' : receiver;
      return undefined;
    case 'List':
      if (method === 'subList') return 'List';
      return method === 'join' ? 'String' : undefined;
    case 'Response':
      return method === 'body' || method === 'header' || method === 'url' ? 'String' : undefined;
    case 'String':
      return stringMethods.has(method) ? 'String' : undefined;
  }
}

/**
 * The script with comments, string, template and regex literal contents blanked (same length),
 * so brackets and dots inside them do not count. Regex literals are told from division by the
 * token before the slash.
 */
export function maskLiterals(code: string): string {
  const out = code.split('');
  let i = 0;
  let last = ''; // last significant character outside literals
  const blank = (from: number, to: number) => {
    for (let k = from; k < to && k < out.length; k++) if (out[k] !== '\n') out[k] = ' ';
  };
  while (i < code.length) {
    const c = code[i]!;
    const next = code[i + 1];
    if (c === '/' && next === '/') {
      const end = code.indexOf('\n', i);
      const stop = end < 0 ? code.length : end;
      blank(i, stop);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = code.indexOf('*/', i + 2);
      const stop = end < 0 ? code.length : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let k = i + 1;
      while (k < code.length && code[k] !== c) k += code[k] === '\\' ? 2 : 1;
      blank(i + 1, k);
      i = k + 1;
      last = 'a';
    } else if (c === '/' && (last === '' || /[(,=:[!&|?{};+\-*%<>~^]/.test(last))) {
      let k = i + 1;
      let inClass = false;
      while (k < code.length && code[k] !== '\n' && (code[k] !== '/' || inClass)) {
        if (code[k] === '[') inClass = true;
        else if (code[k] === ']') inClass = false;
        k += code[k] === '\\' ? 2 : 1;
      }
      blank(i + 1, k);
      i = k + 1;
      last = 'a';
    } else {
      if (!/\s/.test(c)) last = c;
      i++;
    }
  }
  return out.join('');
}

/** Index just past the bracket closing the one at `open`, or -1. */
function closing(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const c = code[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

function argumentCount(code: string, open: number, close: number): number {
  const inner = code.slice(open + 1, close - 1);
  if (inner.trim() === '') return 0;
  let depth = 0;
  let count = 1;
  for (const c of inner) {
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) count++;
  }
  return count;
}

const identifier = /[A-Za-z_$\u4e00-\u9fff][\w$\u4e00-\u9fff]*/y;
const member = /\s*\.\s*([A-Za-z_$][\w$]*)\s*/y;

interface Chain {
  calls: ScriptCall[];
  kind: Kind;
  end: number;
}

/** Follows `.m(…)`, `[i]` after a value of `kind` starting at `from`. */
function followChain(code: string, from: number, kind: Kind, root = '…'): Chain {
  const calls: ScriptCall[] = [];
  let at = from;
  let current = kind;
  let receiver = root;
  while (current !== undefined) {
    member.lastIndex = at;
    const m = member.exec(code);
    if (m) {
      const open = at + m[0].length;
      if (code[open] !== '(') break; // a property read ends what the scan follows
      const close = closing(code, open);
      if (close < 0) break;
      calls.push({ kind: current, method: m[1]!, receiver });
      current = resultKind(current, m[1]!, argumentCount(code, open, close));
      receiver = '…';
      at = close;
      continue;
    }
    const rest = code.slice(at).match(/^\s*\[/);
    if (!rest) break;
    const close = closing(code, at + rest[0].length - 1);
    if (close < 0) break;
    current = current === 'Elements' ? 'Element' : undefined;
    receiver = '…';
    at = close;
  }
  return { calls, kind: current, end: at };
}

/** Roots: `java`, `Jsoup`/`org.jsoup.Jsoup`, the source's bindings unless the script declares
 *  the name itself, and variables of a known kind. */
function rootAt(
  code: string,
  index: number,
  variables: Map<string, Kind>,
  shadowed: ReadonlySet<string> = new Set(),
): { kind: Kind; end: number } | undefined {
  const before = code[index - 1];
  if (before !== undefined && /[\w$.\u4e00-\u9fff]/.test(before)) {
    // "org.jsoup.Jsoup" is reached at "org"; anything else after a dot is a member, not a root.
    return undefined;
  }
  identifier.lastIndex = index;
  const m = identifier.exec(code);
  if (!m) return undefined;
  const name = m[0];
  const end = index + name.length;
  if (name === 'java') return { kind: 'java', end };
  const binding = bindingRoots[name];
  if (binding !== undefined && !shadowed.has(name)) return { kind: binding, end };
  if (name === 'Jsoup') return { kind: 'Jsoup', end };
  if (name === 'org') {
    const jsoup = /^\s*\.\s*jsoup\s*\.\s*Jsoup\b/.exec(code.slice(end));
    return jsoup ? { kind: 'Jsoup', end: end + jsoup[0].length } : undefined;
  }
  const kind = variables.get(name);
  return kind === undefined ? undefined : { kind, end };
}

/** Binding names the script declares, assigns or takes as a parameter (then they are its own). */
function declaredNames(code: string): Set<string> {
  const names = new Set<string>();
  const params: string[] = [];
  for (const m of code.matchAll(
    /\bfunction\s*[\w$]*\s*\(([^)]*)\)|\(([^()]*)\)\s*=>|([\w$]+)\s*=>/g,
  ))
    params.push(...(m[1] ?? m[2] ?? m[3] ?? '').split(',').map((p) => p.trim().split(/\s|=/)[0]!));
  for (const name of Object.keys(bindingRoots)) {
    const assigned = new RegExp(
      `\\b(?:var|let|const)\\s+${name}\\b|(?<![.\\w$])${name}\\s*=(?![=>])`,
    );
    if (params.includes(name) || assigned.test(code)) names.add(name);
  }
  return names;
}

/** Variables assigned exactly one known kind anywhere in the script (`for (x of list)` too). */
function variableKinds(code: string): Map<string, Kind> {
  const kinds = new Map<string, Kind>();
  const seen = new Map<string, Set<string>>();
  for (let round = 0; round < 3; round++) {
    seen.clear();
    for (const m of code.matchAll(/([A-Za-z_$\u4e00-\u9fff][\w$\u4e00-\u9fff]*)\s*=(?![=>])\s*/g)) {
      const at = m.index + m[0].length;
      const root = rootAt(code, at, kinds);
      let kind: Kind;
      if (root) {
        const chain = followChain(code, root.end, root.kind);
        // Only a whole right-hand side counts: "x = java.getElements(r).size() > 0" does not.
        kind = /^\s*(?:[;,)}\n]|$)/.test(code.slice(chain.end)) ? chain.kind : undefined;
      }
      const set = seen.get(m[1]!) ?? new Set<string>();
      set.add(kind ?? '?');
      seen.set(m[1]!, set);
    }
    for (const m of code.matchAll(
      /\bfor\s*\(\s*(?:var|let|const)?\s*([\w$]+)\s+of\s+([\w$]+)\s*\)/g,
    )) {
      const set = seen.get(m[1]!) ?? new Set<string>();
      set.add(kinds.get(m[2]!) === 'Elements' ? 'Element' : '?');
      seen.set(m[1]!, set);
    }
    kinds.clear();
    for (const [name, set] of seen) {
      if (set.size === 1 && !set.has('?')) kinds.set(name, [...set][0] as CallKind);
    }
  }
  return kinds;
}

/** Every method call the scan can attribute to a kind of value, in order of appearance. */
export function scriptCalls(script: string): ScriptCall[] {
  const code = maskLiterals(script);
  const variables = variableKinds(code);
  const shadowed = declaredNames(code);
  const calls: ScriptCall[] = [];
  for (const m of code.matchAll(/[A-Za-z_$\u4e00-\u9fff][\w$\u4e00-\u9fff]*/g)) {
    const root = rootAt(code, m.index, variables, shadowed);
    if (!root) continue;
    const written = code.slice(m.index, root.end).replace(/\s+/g, '');
    calls.push(...followChain(code, root.end, root.kind, written).calls);
  }
  return calls;
}
