/**
 * JSoup-shaped objects for scripts (legado-rules.md §10.7): a `Document`/`Element` facade and an
 * `Elements` facade (JSoup's ArrayList<Element>), built as sandbox HostObjects whose methods call
 * back into the host. Reading methods follow JSoup's (`text()` joins with spaces, `attr()` takes
 * the first element that has it…); changing methods (element-edit.ts) change the parsed tree.
 * `nodesOf` recovers the nodes when a facade comes back. `facadeMethodNames` lists what scripts
 * may call, for the source classifier.
 */
import { render } from 'dom-serializer';
import { Document, isTag, isText } from 'domhandler';
import type { AnyNode, Element } from 'domhandler';
import { getSiblings, nextElementSibling, prevElementSibling } from 'domutils';
import { jsoupOwnText, jsoupText, jsoupTextNodes, jsoupOuterHtml } from './html.ts';
import { jsoupSelect } from './jsoup-css.ts';
import { absoluteUrl } from './urls.ts';
import {
  changeClass,
  classNames,
  emptyElements,
  insertHtml,
  removeNodes,
  setAttribute,
  setInnerHtml,
  setText,
} from './element-edit.ts';
import { HostObject, createPureJavaHelpers } from './js/index.ts';

/** The parts of src/rules/js the engine uses (see the sandbox contract). */
export interface JsModule {
  HostObject: new (members: Record<string, unknown>, label?: string) => object;
  createPureJavaHelpers?: (options?: { log?: (line: string) => void }) => Record<string, unknown>;
}

const jsModule: JsModule = {
  HostObject: HostObject as unknown as JsModule['HostObject'],
  createPureJavaHelpers: createPureJavaHelpers as unknown as JsModule['createPureJavaHelpers'],
};

/** The sandbox module's host-object class and pure helpers. */
export function facadeModule(): Promise<JsModule> {
  return Promise.resolve(jsModule);
}

/** css-select skips documents given inside a context array, so each context is queried on its own. */
function selectIn(css: string, els: readonly AnyNode[]): Element[] {
  return els.length === 1 ? jsoupSelect(css, els[0]!) : els.flatMap((e) => jsoupSelect(css, e));
}

function rootOf(node: AnyNode): AnyNode {
  let top = node;
  while (top.parent) top = top.parent;
  return top;
}

/** JSoup `Element.is(css)`: the element matches the selector within its own tree. */
function matches(css: string, node: AnyNode): boolean {
  return isTag(node) && jsoupSelect(css, rootOf(node)).includes(node);
}

function tagChildren(node: AnyNode | undefined): Element[] {
  return node && (isTag(node) || node instanceof Document) ? node.children.filter(isTag) : [];
}

/** JSoup `Element.wholeText()`: every text node below, unnormalised. */
function wholeText(node: AnyNode): string {
  if (isText(node)) return node.data;
  return isTag(node) || node instanceof Document ? node.children.map(wholeText).join('') : '';
}

function innerHtml(node: AnyNode): string {
  return isTag(node) || node instanceof Document
    ? render(node.children, { decodeEntities: true, encodeEntities: 'utf8' }).trim()
    : '';
}

const nodesByFacade = new WeakMap<object, { nodes: AnyNode[]; single: boolean }>();

export function nodesOf(v: unknown): { nodes: AnyNode[]; single: boolean } | undefined {
  return typeof v === 'object' && v !== null ? nodesByFacade.get(v) : undefined;
}

interface FacadeHost {
  readonly baseUrl: string | undefined;
}

/** Where a `subList` view sits in the list it came from, so `clear()` removes from that list. */
interface ListView {
  list: AnyNode[];
  from: number;
}

export function toFacade(
  js: JsModule,
  nodes: AnyNode[],
  host: FacadeHost,
  single: boolean,
  view?: ListView,
): object {
  const els = nodes;
  const first = (): AnyNode | undefined => els[0];
  // "abs:href" gives the absolute URL (JSoup's attr prefix); undefined when the attribute is absent.
  const attrOf = (e: AnyNode, name: unknown): string | undefined => {
    if (!isTag(e)) return undefined;
    const n = String(name);
    const abs = n.startsWith('abs:');
    const v = e.attribs[abs ? n.slice(4) : n];
    return v !== undefined && abs ? absoluteUrl(host.baseUrl, v) : v;
  };
  const attr = (name: unknown): string => {
    for (const e of els) {
      const v = attrOf(e, name);
      if (v !== undefined) return v;
    }
    return '';
  };
  const sub = (list: AnyNode[], one = false): object => toFacade(js, list, host, one);
  const one = (node: AnyNode | null | undefined): object | null =>
    node ? sub([node], true) : null;
  const nodeIndex = (other: unknown): number => {
    const target = nodesOf(other)?.nodes[0];
    return target === undefined ? -1 : els.indexOf(target);
  };
  // Setters share their getter's name (JSoup overloads by arity): text() reads, text(s) writes.
  const members: Record<string, unknown> = {
    // java.util.List
    size: () => els.length,
    length: els.length,
    isEmpty: () => els.length === 0,
    get: (i: unknown) => one(els[Number(i)]),
    contains: (other: unknown) => nodeIndex(other) >= 0,
    indexOf: nodeIndex,
    add: (other: unknown) => {
      for (const node of nodesOf(other)?.nodes ?? []) els.push(node); // no spread: may be huge
      return true;
    },
    subList: (from: unknown, to: unknown) =>
      toFacade(js, els.slice(Number(from), Number(to)), host, false, {
        list: els,
        from: Number(from),
      }),
    clear: () => {
      if (view) view.list.splice(view.from, els.length);
      els.length = 0;
      return null;
    },
    toArray: () => els.map((e) => sub([e], true)),
    // Elements
    first: () => one(els[0]),
    last: () => one(els[els.length - 1]),
    eq: (i: unknown) => sub(els[Number(i)] ? [els[Number(i)]!] : []),
    select: (css: unknown) => sub(selectIn(String(css), els)),
    selectFirst: (css: unknown) => one(selectIn(String(css), els)[0]),
    is: (css: unknown) => els.some((e) => matches(String(css), e)),
    not: (css: unknown) => sub(els.filter((e) => !matches(String(css), e))),
    filter: (css: unknown) => sub(els.filter((e) => matches(String(css), e))),
    next: () => sub(els.flatMap((e) => nextElementSibling(e) ?? [])),
    prev: () => sub(els.flatMap((e) => prevElementSibling(e) ?? [])),
    parents: () => {
      const out: AnyNode[] = [];
      for (const e of els)
        for (let p = e.parent; p && isTag(p); p = p.parent) if (!out.includes(p)) out.push(p);
      return sub(out);
    },
    eachText: () => els.map(jsoupText).filter((t) => t),
    eachAttr: (name: unknown) => els.flatMap((e) => attrOf(e, name) ?? []),
    // Element: reading
    text: (value?: unknown) => {
      if (value !== undefined) return edit(() => setText(els, String(value)));
      return els
        .map(jsoupText)
        .filter((t) => t)
        .join(' ');
    },
    ownText: () => els.map(jsoupOwnText).join(' '),
    wholeText: () => els.map(wholeText).join(''),
    hasText: () => els.some((e) => jsoupText(e) !== ''),
    textNodes: () => els.flatMap(jsoupTextNodes),
    html: (value?: unknown) => {
      if (value !== undefined) return edit(() => setInnerHtml(els, String(value)));
      return els.map(innerHtml).join('\n');
    },
    outerHtml: () => els.map(jsoupOuterHtml).join('\n'),
    attr: (name: unknown, value?: unknown) => {
      if (value !== undefined) return edit(() => setAttribute(els, String(name), String(value)));
      return attr(name);
    },
    absUrl: (name: unknown) => {
      const v = attr(name);
      return v ? absoluteUrl(host.baseUrl, v) : '';
    },
    hasAttr: (name: unknown) => els.some((e) => isTag(e) && String(name) in e.attribs),
    tagName: () => (first() && isTag(first()!) ? (first() as Element).name : ''),
    nodeName: () => (first() && isTag(first()!) ? (first() as Element).name : '#document'),
    id: () => attr('id'),
    className: () => attr('class'),
    classNames: () => (first() && isTag(first()!) ? classNames(first() as Element) : []),
    hasClass: (c: unknown) => els.some((e) => isTag(e) && classNames(e).includes(String(c))),
    val: () => attr('value'),
    data: () =>
      els
        .map((e) =>
          isTag(e) ? e.children.map((c) => ('data' in c ? String(c.data) : '')).join('') : '',
        )
        .join(''),
    // Element: moving around
    children: () => sub(els.flatMap(tagChildren)),
    childrenSize: () => tagChildren(first()).length,
    childNodeSize: () => (first() && isTag(first()!) ? (first() as Element).children.length : 0),
    child: (i: unknown) => one(tagChildren(first())[Number(i)]),
    firstElementChild: () => one(tagChildren(first())[0]),
    lastElementChild: () => one(tagChildren(first()).at(-1)),
    parent: () => one(first()?.parent),
    closest: (css: unknown) => {
      for (let n = first(); n; n = n.parent ?? undefined)
        if (matches(String(css), n)) return one(n);
      return null;
    },
    nextElementSibling: () => one(first() && nextElementSibling(first()!)),
    previousElementSibling: () => one(first() && prevElementSibling(first()!)),
    siblingElements: () => {
      const self = first();
      return sub(self ? getSiblings(self).filter((s) => isTag(s) && s !== self) : []);
    },
    elementSiblingIndex: () => {
      const self = first();
      return self
        ? getSiblings(self)
            .filter(isTag)
            .indexOf(self as Element)
        : 0;
    },
    getElementsByTag: (tag: unknown) => sub(selectIn(String(tag), els)),
    getElementsByClass: (c: unknown) => sub(selectIn(`.${cssIdent(c)}`, els)),
    getElementsByAttribute: (a: unknown) => sub(selectIn(`[${cssIdent(a)}]`, els)),
    getElementById: (id: unknown) => one(selectIn(`#${cssIdent(id)}`, els)[0]),
    getAllElements: () => sub(selectIn('*', els)),
    // Document
    body: () => one(selectIn('body', els)[0]),
    head: () => one(selectIn('head', els)[0]),
    title: () => {
      const t = selectIn('title', els)[0];
      return t ? jsoupText(t) : '';
    },
    // Element and Elements: changing the tree
    remove: (index?: unknown) => {
      // Elements.remove(int) is ArrayList's: it drops an item from the list, not from the page.
      if (index !== undefined && !single) return one(els.splice(Number(index), 1)[0]);
      return edit(() => removeNodes(els));
    },
    empty: () => edit(() => emptyElements(els)),
    removeAttr: (name: unknown) => edit(() => setAttribute(els, String(name), null)),
    addClass: (c: unknown) => edit(() => changeClass(els, String(c), true)),
    removeClass: (c: unknown) => edit(() => changeClass(els, String(c), false)),
    append: (html: unknown) => edit(() => insertHtml(els, String(html), 'append')),
    prepend: (html: unknown) => edit(() => insertHtml(els, String(html), 'prepend')),
    before: (html: unknown) => edit(() => insertHtml(els, String(html), 'before')),
    after: (html: unknown) => edit(() => insertHtml(els, String(html), 'after')),
    toString: () => els.map(jsoupOuterHtml).join('\n'),
  };
  const label = !single ? 'Elements' : first() instanceof Document ? 'Document' : 'Element';
  const facade = new js.HostObject(members, label);
  // JSoup's changing methods return the element (or Elements) itself, for chaining.
  function edit(change: () => void): object {
    change();
    return facade;
  }
  nodesByFacade.set(facade, { nodes: els, single });
  return facade;
}

/** A name for a CSS selector built from script input, e.g. "a b" → "a\ b". */
function cssIdent(value: unknown): string {
  return String(value).replace(/[^\w-]/g, (c) => `\\${c}`);
}

/** Every method a script may call on a Document, Element or Elements facade. */
export const facadeMethodNames: ReadonlySet<string> = new Set(
  Object.entries(
    (toFacade(jsModule, [], { baseUrl: undefined }, false) as HostObject).members,
  ).flatMap(([name, member]) => (typeof member === 'function' ? [name] : [])),
);
