/**
 * HTML parsed the way Jsoup does (HTML-standard tree construction via parse5 with the htmlparser2
 * tree adapter: inserted `tbody`, closed `p`), and Jsoup's text/HTML outputs, which rule authors'
 * `##` regexes are written against (legado-rules.md §10.2).
 */
import { parse, parseFragment } from 'parse5';
import { Document, Element, Text, isTag, isText, isComment } from 'domhandler';
import type { AnyNode, ChildNode } from 'domhandler';
import { render } from 'dom-serializer';
import { treeAdapter } from './html-tree-adapter.ts';

export function parseHtmlDocument(html: string): Document {
  return parse(html, { treeAdapter }) as Document;
}

/** The nodes of an HTML snippet, detached, for `Element.html(s)`, `append(s)`, `before(s)`… */
export function parseHtmlNodes(html: string): ChildNode[] {
  const fragment = parseFragment(html, { treeAdapter }) as unknown as Document;
  const nodes = [...fragment.children];
  for (const node of nodes) {
    node.parent = null;
    node.prev = null;
    node.next = null;
  }
  return nodes;
}

/** Jsoup's block-level tags: they separate words in `text()` and get their own line in `html`. */
const blockTags = new Set(
  (
    'html head body frameset script noscript style meta link title frame noframes section nav aside ' +
    'hgroup header footer p h1 h2 h3 h4 h5 h6 ul ol pre div blockquote hr address figure figcaption ' +
    'form fieldset ins del dl dt dd li table caption thead tfoot tbody colgroup col tr th td video ' +
    'audio canvas details menu plaintext template article main svg math center dir applet marquee listing'
  ).split(' '),
);

function endsWithWs(out: string[]): boolean {
  const last = out[out.length - 1];
  if (last === undefined || last.length === 0) return out.length === 0 || last === undefined;
  return last.charCodeAt(last.length - 1) === 32;
}

// Jsoup's whitespace (NBSP included) and the invisible characters it drops. Sample: "a \u00a0\n b" → "a b".
const wsRun = /[ \t\n\f\r\u00a0]+/g;
const invisible = /[\u200b\u00ad]/g;

/** Appends `text` with runs of whitespace collapsed to one space (Jsoup appendNormalizedWhitespace). */
function appendNormalized(out: string[], text: string, stripLeading: boolean): void {
  let buf = text.replace(wsRun, ' ');
  if (buf.length !== text.length || buf.includes('\u200b') || buf.includes('\u00ad'))
    buf = buf.replace(invisible, '');
  if (stripLeading && buf.charCodeAt(0) === 32) buf = buf.slice(1);
  if (buf) out.push(buf);
}

function inPre(node: AnyNode): boolean {
  for (let p = node.parent; p; p = p.parent)
    if (isTag(p) && (p.name === 'pre' || p.name === 'textarea')) return true;
  return false;
}

/** Script and style contents are data, not text, in Jsoup. */
function isDataParent(n: AnyNode): boolean {
  const p = n.parent;
  return !!p && isTag(p) && (p.name === 'script' || p.name === 'style');
}

/** Jsoup `Element.text()`: normalised, `<br>` and block boundaries become spaces, trimmed. */
export function jsoupText(node: AnyNode): string {
  const out: string[] = [];
  // Whitespace is kept inside <pre>; a selected node within one is rare, so only its own tag counts.
  textWalk(node, out, isTag(node) && (node.name === 'pre' || node.name === 'textarea'));
  return (out.length === 1 ? out[0]! : out.join('')).trim();
}

function textWalk(n: AnyNode, out: string[], pre: boolean): void {
  if (isText(n)) {
    if (isDataParent(n)) return;
    if (pre) out.push(n.data);
    else appendNormalized(out, n.data, endsWithWs(out));
    return;
  }
  const tag = isTag(n);
  if (!tag && !(n instanceof Document)) return;
  if (tag && out.length > 0 && (blockTags.has(n.name) || n.name === 'br') && !endsWithWs(out))
    out.push(' ');
  const kidsPre = pre || (tag && (n.name === 'pre' || n.name === 'textarea'));
  for (const c of (n as Element).children) textWalk(c, out, kidsPre);
  if (tag && blockTags.has(n.name) && n.next && isText(n.next) && !endsWithWs(out)) out.push(' ');
}

/** Jsoup `Element.ownText()`: only direct text children (and `<br>` as a space). */
export function jsoupOwnText(el: AnyNode): string {
  if (!isTag(el)) return isText(el) ? jsoupText(el) : '';
  const out: string[] = [];
  for (const c of el.children) {
    if (isText(c) && !isDataParent(c)) appendNormalized(out, c.data, endsWithWs(out));
    else if (isTag(c) && c.name === 'br' && !endsWithWs(out)) out.push(' ');
  }
  return out.join('').trim();
}

/** Jsoup `TextNode.text()` of each direct text child: normalised; blank ones dropped. */
export function jsoupTextNodes(el: AnyNode): string[] {
  if (!isTag(el)) return [];
  const list: string[] = [];
  for (const c of el.children) {
    if (!isText(c)) continue;
    const out: string[] = [];
    appendNormalized(out, c.data, false);
    const t = out.join('').trim();
    if (t) list.push(t);
  }
  return list;
}

/** Jsoup `Element.data()`: script/style/comment contents. */
export function jsoupData(el: AnyNode): string {
  if (!isTag(el)) return '';
  let s = '';
  for (const c of el.children) {
    if (isText(c) && (el.name === 'script' || el.name === 'style')) s += c.data;
    else if (isComment(c)) s += c.data;
    else if (isTag(c)) s += jsoupData(c);
  }
  return s;
}

const voidTags = new Set(
  'area base br col embed hr img input link meta param source track wbr'.split(' '),
);

/**
 * Jsoup's pretty-printed `outerHtml()` (indent 1, block tags on their own line, inline runs kept on
 * one line, whitespace-only text between blocks dropped). An approximation good for `##` regexes
 * written against `@html`: text content and tag order are exact, indentation may differ.
 */
export function jsoupOuterHtml(node: AnyNode): string {
  const out: string[] = [];
  pretty(node, 0, out);
  return out.join('').replace(/^\n/, '');
}

/** Block tags Jsoup still formats inline (Tag.formatAsInlineTags). */
const inlineFormatTags = new Set(
  'title a p h1 h2 h3 h4 h5 h6 pre address li th td script style ins del s'.split(' '),
);

function formatAsBlock(n: AnyNode | null): boolean {
  return !!n && isTag(n) && blockTags.has(n.name) && !inlineFormatTags.has(n.name);
}

function indent(out: string[], depth: number): void {
  if (out.length) out.push('\n' + ' '.repeat(depth));
}

function pretty(n: AnyNode, depth: number, out: string[]): void {
  if (n instanceof Document) {
    for (const c of n.children) pretty(c, depth, out);
    return;
  }
  if (isText(n)) {
    if (inPre(n)) {
      out.push(escapeText(n.data));
      return;
    }
    const parts: string[] = [];
    appendNormalized(parts, n.data, false);
    let t = parts.join('');
    if (t.trim() === '') {
      // Whitespace between indented nodes disappears; between inline nodes it stays one space.
      const prevIndented = !n.prev || (isTag(n.prev) && blockTags.has(n.prev.name));
      const nextIndented = !n.next || (isTag(n.next) && blockTags.has(n.next.name));
      if (prevIndented || nextIndented || formatAsBlock(n.parent)) return;
      out.push(' ');
      return;
    }
    if (!n.prev && formatAsBlock(n.parent)) {
      indent(out, depth);
      t = t.trimStart();
    }
    if (!n.next && formatAsBlock(n.parent)) t = t.trimEnd();
    out.push(escapeText(t));
    return;
  }
  if (!isTag(n)) {
    out.push(render(n as ChildNode));
    return;
  }
  const inlineWithPrev = !blockTags.has(n.name) && n.prev !== null;
  if ((formatAsBlock(n) || formatAsBlock(n.parent) || blockTags.has(n.name)) && !inlineWithPrev)
    indent(out, depth);
  out.push('<' + n.name);
  for (const [k, v] of Object.entries(n.attribs))
    out.push(v === '' && k !== 'value' ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`);
  out.push('>');
  if (voidTags.has(n.name)) return;
  if (n.name === 'script' || n.name === 'style') {
    for (const c of n.children) if (isText(c)) out.push(c.data);
  } else {
    for (const c of n.children) pretty(c, depth + 1, out);
  }
  if (formatAsBlock(n) && n.children.length > 0) indent(out, depth);
  out.push(`</${n.name}>`);
}

function escapeText(s: string): string {
  return s.replace(/[&<>\u00a0]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&nbsp;',
  );
}
function escapeAttr(s: string): string {
  return s.replace(/[&"\u00a0]/g, (c) => (c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&nbsp;'));
}

/** Plain (non-pretty) outer HTML, as `@all` gives. */
export function rawOuterHtml(node: AnyNode): string {
  return render(node, { decodeEntities: true, encodeEntities: 'utf8' });
}

/** Removes every `<script>` and `<style>` below `root` (Legado does this before `@html`). */
export function removeScriptsAndStyles(root: AnyNode): void {
  const stack: AnyNode[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (!isTag(n) && !(n instanceof Document)) continue;
    const kids = (n as Element).children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const c = kids[i]!;
      if (isTag(c) && (c.name === 'script' || c.name === 'style')) {
        kids.splice(i, 1);
        if (c.prev) c.prev.next = c.next;
        if (c.next) c.next.prev = c.prev;
        c.parent = null;
      } else stack.push(c);
    }
  }
}

export { Document, Element, Text, isTag, isText };
