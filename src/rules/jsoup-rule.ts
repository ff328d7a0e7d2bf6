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
export function parseSegment(raw: string): Segment {
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
      indexes.push(...found.reverse());
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
          indexes.push(...found.reverse());
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
  segmentCache.set(raw, seg);
  return seg;
}

function descendantsAndSelf(root: AnyNode, test: (e: Element) => boolean): Element[] {
  const out: Element[] = [];
  const walk = (n: AnyNode): void => {
    if (isTag(n)) {
      if (test(n)) out.push(n);
      for (const c of n.children) walk(c);
    } else if (n instanceof Document) for (const c of n.children) walk(c);
  };
  walk(root);
  return out;
}

function hasClass(e: Element, name: string): boolean {
  const cls = e.attribs.class;
  if (!cls) return false;
  const lower = name.toLowerCase();
  const whole = cls.toLowerCase();
  if (whole === lower) return true; // Jsoup accepts the whole attribute ("class.a b")
  return whole.split(/[\t\n\f\r ]+/).includes(lower);
}

function selectSegment(root: AnyNode, seg: Segment): Element[] {
  switch (seg.kind) {
    case 'children':
      return (isTag(root) || root instanceof Document ? root.children : []).filter(isTag);
    case 'class':
      return descendantsAndSelf(root, (e) => hasClass(e, seg.arg));
    case 'tag': {
      const t = seg.arg.toLowerCase();
      return descendantsAndSelf(root, (e) => e.name === t);
    }
    case 'id':
      return descendantsAndSelf(root, (e) => e.attribs.id === seg.arg);
    case 'text': {
      const t = seg.arg.toLowerCase();
      return descendantsAndSelf(root, (e) => jsoupOwnText(e).toLowerCase().includes(t));
    }
    default:
      return jsoupSelect(seg.arg, root);
  }
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
  return applyIndexes(selectSegment(root, seg), seg);
}

function selectPath(root: AnyNode, rule: string): Element[] {
  const segs = splitAt(rule);
  if (segs.length <= 1) return selectSingle(root, segs[0] ?? rule);
  let cur: AnyNode[] = [root];
  for (const s of segs) cur = cur.flatMap((e) => selectSingle(e, s));
  return cur as Element[];
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
export function jsoupOutput(els: Element[], last: string): string[] {
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

/** Legado getStringList over one root: select by all segments but the last, output by the last. */
export function jsoupStrings(root: AnyNode, rule: string): string[] {
  if (!rule) return [];
  const isCss = /^@css:/i.test(rule);
  const body = isCss ? rule.slice(5).trim() : rule;
  const { parts, type } = splitCombinators(body);
  const results: string[][] = [];
  for (const p of parts) {
    let r: string[];
    if (isCss) {
      const at = p.lastIndexOf('@');
      r = at < 0 ? [] : jsoupOutput(jsoupSelect(p.slice(0, at), root), p.slice(at + 1).trim());
    } else {
      const segs = splitAt(p.replace(/^[@\s]+/, ''));
      const last = segs.pop() ?? '';
      let cur: AnyNode[] = [root];
      for (const s of segs) cur = cur.flatMap((e) => selectSingle(e, s));
      r = cur.length ? jsoupOutput(cur as Element[], last) : [];
    }
    if (r.length) {
      results.push(r);
      if (type === '||') break;
    }
  }
  return combine(results, type);
}
