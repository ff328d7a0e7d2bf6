/**
 * Legado's default JSoup-style rules (AnalyzeByJSoup, legado-rules.md §3.3): `@`-separated
 * segments `class.x`, `tag.x`, `id.x`, `text.x`, `children`, any JSoup CSS, with index suffixes
 * (`.0`, `!0:-1`, `[0,2]`, `[!1]`, `[1:5:2]`, `[-1:0]`) and an output keyword on string rules
 * (`text`, `textNodes`, `ownText`, `html`, `all`, or an attribute). `@css:` rules are CSS with the
 * output after the last `@`. `&&`, `||`, `%%` combine whole paths.
 */
import { Document, isTag } from 'domhandler';
import type { AnyNode, Element } from 'domhandler';
import { jsoupSelect } from './jsoup-css.ts';
import {
  jsoupOwnText,
  jsoupText,
  jsoupTextNodes,
  jsoupOuterHtml,
  rawOuterHtml,
  removeScriptsAndStyles,
} from './html.ts';
import { combine, splitAt, splitCombinators } from './rule-split.ts';

type Index = number | { start: number | undefined; end: number | undefined; step: number };

interface Segment {
  readonly kind: 'children' | 'class' | 'tag' | 'id' | 'text' | 'css';
  readonly arg: string;
  readonly split: '.' | '!' | ' ';
  /** Indices in written order. */
  readonly indexes: readonly Index[];
}

const segmentCache = new Map<string, Segment>();

/** Parses the index suffix of one segment (Legado ElementsSingle.findIndexSet), scanning from the end. */
function parseSegment(raw: string): Segment {
  let seg = segmentCache.get(raw);
  if (seg) return seg;
  const rus = raw.trim();
  let before = rus;
  let split: Segment['split'] = ' ';
  const indexes: Index[] = [];
  if (rus.endsWith(']')) {
    // Bracket form, e.g. "tag.li[!0,-1]" or "[1:5:2]".
    let len = rus.length - 1;
    let digits = '';
    let minus = false;
    const range: (number | undefined)[] = [];
    const found: Index[] = [];
    let ok = false;
    while (len-- > 0) {
      let c = rus[len]!;
      if (c === ' ') continue;
      if (c >= '0' && c <= '9') digits = c + digits;
      else if (c === '-') minus = true;
      else {
        const cur = digits === '' ? undefined : minus ? -Number(digits) : Number(digits);
        if (c === ':') range.push(cur);
        else {
          if (range.length === 0) {
            if (cur === undefined) break;
            found.push(cur);
          } else {
            found.push({
              start: cur,
              end: range[range.length - 1],
              step: range.length === 2 ? (range[0] ?? 1) : 1,
            });
            range.length = 0;
          }
          if (c === '!') {
            split = '!';
            do c = rus[--len]!;
            while (len > 0 && c === ' ');
          }
          if (c === '[') {
            before = rus.slice(0, len);
            ok = true;
            break;
          }
          if (c !== ',') break;
        }
        digits = '';
        minus = false;
      }
    }
    if (ok) {
      if (split === ' ') split = '.';
      for (let i = found.length - 1; i >= 0; i--) indexes.push(found[i]!);
    } else split = ' ';
  } else {
    // Classic form, e.g. "tag.a.0:2:-1" or "tag.li!0".
    let len = rus.length;
    let digits = '';
    let minus = false;
    const found: number[] = [];
    while (len-- > 0) {
      const c = rus[len]!;
      if (c === ' ') continue;
      if (c >= '0' && c <= '9') digits = c + digits;
      else if (c === '-') minus = true;
      else if ((c === '!' || c === '.' || c === ':') && digits !== '') {
        found.push(minus ? -Number(digits) : Number(digits));
        if (c !== ':') {
          split = c;
          before = rus.slice(0, len);
          for (let i = found.length - 1; i >= 0; i--) indexes.push(found[i]!);
          break;
        }
        digits = '';
        minus = false;
      } else break;
    }
  }
  const dot = before.indexOf('.');
  const head = dot < 0 ? before : before.slice(0, dot);
  const arg = dot < 0 ? '' : before.slice(dot + 1).split('.')[0]!;
  let kind: Segment['kind'] = 'css';
  if (before === '' || before === 'children') kind = 'children';
  else if (dot > 0 && (head === 'class' || head === 'tag' || head === 'id' || head === 'text'))
    kind = head;
  seg = { kind, arg: kind === 'css' ? before : arg, split: indexes.length ? split : ' ', indexes };
  if (segmentCache.size > 5000) segmentCache.clear();
  segmentCache.set(raw, seg);
  return seg;
}

function collect(n: AnyNode, test: (e: Element) => boolean, out: Element[]): void {
  if (isTag(n)) {
    if (test(n)) out.push(n);
  } else if (!(n instanceof Document)) return;
  const kids = (n as Element).children;
  for (let i = 0; i < kids.length; i++) collect(kids[i]!, test, out);
}

/** A string rule's plan, parsed once per rule text. */
interface StringPlan {
  readonly isCss: boolean;
  readonly type: ReturnType<typeof splitCombinators>['type'];
  readonly parts: readonly {
    readonly select: string;
    readonly segs: readonly string[];
    readonly last: string;
  }[];
}
const stringPlans = new Map<string, StringPlan>();

function stringPlan(rule: string): StringPlan {
  let plan = stringPlans.get(rule);
  if (plan) return plan;
  const isCss = /^@css:/i.test(rule);
  const body = isCss ? rule.slice(5).trim() : rule;
  const { parts, type } = splitCombinators(body);
  plan = {
    isCss,
    type,
    parts: parts.map((p) => {
      if (isCss) {
        const at = p.lastIndexOf('@');
        return {
          select: at < 0 ? '' : p.slice(0, at),
          segs: [],
          last: at < 0 ? '' : p.slice(at + 1).trim(),
        };
      }
      const segs = splitAt(p.replace(/^[@\s]+/, ''));
      const last = segs.pop() ?? '';
      return { select: '', segs, last };
    }),
  };
  if (stringPlans.size > 5000) stringPlans.clear();
  stringPlans.set(rule, plan);
  return plan;
}

function hasClass(e: Element, name: string): boolean {
  const cls = e.attribs.class;
  if (!cls) return false;
  const lower = name.toLowerCase();
  const whole = cls.toLowerCase();
  if (whole === lower) return true; // Jsoup accepts the whole attribute ("class.a b")
  return whole.split(/[\t\n\f\r ]+/).includes(lower);
}

/** Element tests per segment, made once (allocation on the hot path makes young-generation GC copy fresh trees). */
const tests = new WeakMap<Segment, (e: Element) => boolean>();

function testOf(seg: Segment): (e: Element) => boolean {
  let t = tests.get(seg);
  if (!t) {
    const arg = seg.arg;
    const lower = arg.toLowerCase();
    if (seg.kind === 'class') t = (e) => hasClass(e, arg);
    else if (seg.kind === 'tag') t = (e) => e.name === lower;
    else if (seg.kind === 'id') t = (e) => e.attribs.id === arg;
    else t = (e) => jsoupOwnText(e).toLowerCase().includes(lower);
    tests.set(seg, t);
  }
  return t;
}

function selectSegment(root: AnyNode, seg: Segment, out: Element[]): void {
  if (seg.kind === 'children') {
    if (isTag(root) || root instanceof Document)
      for (const c of root.children) if (isTag(c)) out.push(c);
  } else if (seg.kind === 'css') for (const e of jsoupSelect(seg.arg, root)) out.push(e);
  else collect(root, testOf(seg), out);
}

/** Applies the index list to a selection (select keeps written order and drops duplicates). */
function applyIndexes(els: Element[], seg: Segment): Element[] {
  if (seg.split === ' ') return els;
  const len = els.length;
  const set = new Set<number>();
  const norm = (i: number): number | undefined =>
    i >= 0 ? (i < len ? i : undefined) : len >= -i ? i + len : undefined;
  for (const ix of seg.indexes) {
    if (typeof ix === 'number') {
      const n = norm(ix);
      if (n !== undefined) set.add(n);
      continue;
    }
    if (len === 0) continue;
    const clamp = (x: number | undefined, dflt: number): number =>
      x === undefined ? dflt : x >= 0 ? Math.min(x, len - 1) : -x <= len ? len + x : 0;
    const start = clamp(ix.start, 0);
    const end = clamp(ix.end, len - 1);
    if (start === end || ix.step >= len) {
      set.add(start);
      continue;
    }
    const step = ix.step > 0 ? ix.step : -ix.step < len ? ix.step + len : 1;
    if (end > start) for (let i = start; i <= end; i += step) set.add(i);
    else for (let i = start; i >= end; i -= step) set.add(i);
  }
  if (seg.split === '!') return els.filter((_e, i) => !set.has(i));
  return [...set].map((i) => els[i]!);
}

function selectSingle(root: AnyNode, raw: string): Element[] {
  const seg = parseSegment(raw);
  const out: Element[] = [];
  selectSegment(root, seg, out);
  return applyIndexes(out, seg);
}

/** Applies segments left to right, each to every element of the previous set. */
function selectSegments(root: AnyNode, segs: readonly string[]): AnyNode[] {
  let cur: AnyNode[] = [root];
  for (const raw of segs) {
    const seg = parseSegment(raw);
    const next: Element[] = [];
    for (const e of cur) {
      if (seg.split === ' ') selectSegment(e, seg, next);
      else for (const x of selectSingle(e, raw)) next.push(x);
    }
    cur = next;
  }
  return cur;
}

const pathCache = new Map<string, string[]>();

function selectPath(root: AnyNode, rule: string): Element[] {
  let segs = pathCache.get(rule);
  if (!segs) {
    segs = splitAt(rule);
    if (pathCache.size > 5000) pathCache.clear();
    pathCache.set(rule, segs);
  }
  if (segs.length <= 1) return selectSingle(root, segs[0] ?? rule);
  return selectSegments(root, segs) as Element[];
}

/** Legado getElements over one root. */
export function jsoupElements(root: AnyNode, rule: string): Element[] {
  if (!rule) return [];
  const isCss = /^@css:/i.test(rule);
  const body = isCss ? rule.slice(5).trim() : rule;
  const { parts, type } = splitCombinators(body);
  const results: Element[][] = [];
  for (const p of parts) {
    const els = isCss ? jsoupSelect(p, root) : selectPath(root, p.replace(/^[@\s]+/, ''));
    results.push(els);
    if (els.length > 0 && type === '||') break;
  }
  return combine(results, type);
}

/** The output keyword applied to a selection (Legado getResultLast). */
function jsoupOutput(els: Element[], last: string): string[] {
  const out: string[] = [];
  switch (last) {
    case 'text':
      for (const e of els) {
        const t = jsoupText(e);
        if (t) out.push(t);
      }
      break;
    case 'textNodes':
      for (const e of els) {
        const t = jsoupTextNodes(e);
        if (t.length) out.push(t.join('\n'));
      }
      break;
    case 'ownText':
      for (const e of els) {
        const t = jsoupOwnText(e);
        if (t) out.push(t);
      }
      break;
    case 'html': {
      for (const e of els) removeScriptsAndStyles(e);
      const html = els.map(jsoupOuterHtml).join('\n');
      if (html) out.push(html);
      break;
    }
    case 'all':
      out.push(els.map(rawOuterHtml).join('\n'));
      break;
    default:
      for (const e of els) {
        if (!isTag(e)) continue; // the document root has no attributes
        const v = e.attribs[last] ?? e.attribs[last.toLowerCase()];
        if (v === undefined || v.trim() === '' || out.includes(v)) continue;
        out.push(v);
      }
  }
  return out;
}

/** One element's output keyword as a single string (no arrays): the per-item hot path. */
export function jsoupSingleOutput(el: AnyNode, last: string): string | null {
  if (!isTag(el)) return jsoupOutput([el as unknown as Element], last)[0] ?? null;
  switch (last) {
    case 'text': {
      const t = jsoupText(el);
      return t || null;
    }
    case 'ownText': {
      const t = jsoupOwnText(el);
      return t || null;
    }
    case 'textNodes':
    case 'html':
    case 'all':
      return jsoupOutput([el], last)[0] ?? null;
    default: {
      const v = el.attribs[last] ?? el.attribs[last.toLowerCase()];
      return v === undefined || v.trim() === '' ? null : v;
    }
  }
}

/** For a rule that is a bare output keyword (`text`, `href`…) returns it; else undefined. */
export function bareOutput(rule: string): string | undefined {
  const { isCss, parts } = stringPlan(rule);
  const only = parts.length === 1 ? parts[0]! : undefined;
  return only && !isCss && only.segs.length === 0 ? only.last : undefined;
}

/** Legado getStringList over one root: select by all segments but the last, output by the last. */
export function jsoupStrings(root: AnyNode, rule: string): string[] {
  if (!rule) return [];
  const { isCss, type, parts } = stringPlan(rule);
  const only = parts.length === 1 ? parts[0]! : undefined;
  if (only && !isCss && only.segs.length === 0) return jsoupOutput([root as Element], only.last);
  const results: string[][] = [];
  for (const p of parts) {
    let r: string[];
    if (isCss) {
      r = p.last ? jsoupOutput(jsoupSelect(p.select, root), p.last) : [];
    } else {
      const cur = selectSegments(root, p.segs);
      r = cur.length ? jsoupOutput(cur as Element[], p.last) : [];
    }
    if (r.length) {
      results.push(r);
      if (type === '||') break;
    }
  }
  return combine(results, type);
}
