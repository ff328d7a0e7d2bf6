/**
 * JSoup-shaped objects for scripts (legado-rules.md §10.7): an `Element` facade (`text()`,
 * `ownText()`, `html()`, `outerHtml()`, `attr()`, `select()`, `children()`…) and an `Elements`
 * facade (`size()`, `get(i)`, `first()`, `text()`, `select()`…), built as sandbox HostObjects
 * whose methods call back into the host. `nodesOf` recovers the nodes when a facade comes back.
 */
import { render } from 'dom-serializer';
import { isTag } from 'domhandler';
import type { AnyNode, Element } from 'domhandler';
import { jsoupOwnText, jsoupText, jsoupTextNodes, jsoupOuterHtml } from './html.ts';
import { jsoupSelect } from './jsoup-css.ts';
import { absoluteUrl } from './urls.ts';
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
function selectIn(css: string, els: AnyNode[]): Element[] {
  return els.length === 1 ? jsoupSelect(css, els[0]!) : els.flatMap((e) => jsoupSelect(css, e));
}

const nodesByFacade = new WeakMap<object, { nodes: AnyNode[]; single: boolean }>();

export function nodesOf(v: unknown): { nodes: AnyNode[]; single: boolean } | undefined {
  return typeof v === 'object' && v !== null ? nodesByFacade.get(v) : undefined;
}

interface FacadeHost {
  readonly baseUrl: string | undefined;
}

export function toFacade(
  js: JsModule,
  nodes: AnyNode[],
  host: FacadeHost,
  single: boolean,
): object {
  const els = nodes;
  const first = (): AnyNode | undefined => els[0];
  const attr = (name: unknown): string => {
    const n = String(name);
    const abs = n.startsWith('abs:');
    for (const e of els) {
      if (!isTag(e)) continue;
      const v = e.attribs[abs ? n.slice(4) : n];
      if (v !== undefined) return abs ? absoluteUrl(host.baseUrl, v) : v;
    }
    return '';
  };
  const sub = (list: AnyNode[], one = false): object => toFacade(js, list, host, one);
  const members: Record<string, unknown> = {
    size: () => els.length,
    length: els.length,
    isEmpty: () => els.length === 0,
    get: (i: unknown) => {
      const n = els[Number(i)];
      return n ? sub([n], true) : null;
    },
    first: () => (els[0] ? sub([els[0]], true) : null),
    last: () => (els.length ? sub([els[els.length - 1]!], true) : null),
    eq: (i: unknown) => sub(els[Number(i)] ? [els[Number(i)]!] : []),
    select: (css: unknown) => sub(selectIn(String(css), els)),
    selectFirst: (css: unknown) => {
      const r = selectIn(String(css), els)[0];
      return r ? sub([r], true) : null;
    },
    children: () => sub(els.flatMap((e) => (isTag(e) ? e.children.filter(isTag) : []))),
    child: (i: unknown) => {
      const kids = first() && isTag(first()!) ? (first() as Element).children.filter(isTag) : [];
      const k = kids[Number(i)];
      return k ? sub([k], true) : null;
    },
    parent: () => {
      const p = first()?.parent;
      return p ? sub([p], true) : null;
    },
    text: () =>
      els
        .map(jsoupText)
        .filter((t) => t)
        .join(' '),
    ownText: () => els.map(jsoupOwnText).join(' '),
    textNodes: () => els.flatMap(jsoupTextNodes),
    eachText: () => els.map(jsoupText).filter((t) => t),
    html: () =>
      els
        .map((e) =>
          isTag(e)
            ? render(e.children, { decodeEntities: true, encodeEntities: 'utf8' }).trim()
            : '',
        )
        .join('\n'),
    outerHtml: () => els.map(jsoupOuterHtml).join('\n'),
    attr,
    absUrl: (name: unknown) => {
      const v = attr(name);
      return v ? absoluteUrl(host.baseUrl, v) : '';
    },
    hasAttr: (name: unknown) => els.some((e) => isTag(e) && String(name) in e.attribs),
    eachAttr: (name: unknown) =>
      els.flatMap((e) =>
        isTag(e) && e.attribs[String(name)] !== undefined ? [e.attribs[String(name)]!] : [],
      ),
    tagName: () => (first() && isTag(first()!) ? (first() as Element).name : ''),
    nodeName: () => (first() && isTag(first()!) ? (first() as Element).name : ''),
    id: () => attr('id'),
    className: () => attr('class'),
    hasClass: (c: unknown) =>
      els.some((e) => isTag(e) && (e.attribs.class ?? '').split(/\s+/).includes(String(c))),
    val: () => attr('value'),
    data: () =>
      els
        .map((e) =>
          isTag(e) ? e.children.map((c) => ('data' in c ? String(c.data) : '')).join('') : '',
        )
        .join(''),
    toArray: () => els.map((e) => sub([e], true)),
    body: () => {
      const b = selectIn('body', els)[0];
      return b ? sub([b], true) : null;
    },
    title: () => {
      const t = selectIn('title', els)[0];
      return t ? jsoupText(t) : '';
    },
    toString: () => els.map(jsoupOuterHtml).join('\n'),
  };
  const facade = new js.HostObject(members, single ? 'Element' : 'Elements');
  nodesByFacade.set(facade, { nodes: els, single });
  return facade;
}
