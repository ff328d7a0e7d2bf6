/**
 * Lets the `xpath` package walk domhandler trees (the same parse5 tree CSS rules use), as
 * docs/stack.md §2.2 describes: adds `nodeName`, `localName`, `ownerDocument`, `nodeValue`,
 * attribute nodes with `item()`, and a `compareDocumentPosition` backed by a one-time walk.
 * The getters are added to domhandler's prototypes once, without changing existing members'
 * meaning (`attributes` stays an array of {name, value}).
 */
import { Document, Element, Node, Text, Comment, ProcessingInstruction, isTag } from 'domhandler';
import type { AnyNode } from 'domhandler';

const order = new WeakMap<AnyNode, Map<unknown, number>>();

function rootOf(n: AnyNode): AnyNode {
  let r = n;
  while (r.parent) r = r.parent;
  return r;
}

function position(n: unknown): number {
  const attr = n as XAttr;
  if (attr && attr.nodeType === 2) return position(attr.ownerElement) + 0.001 * (attr.index + 1);
  const node = n as AnyNode;
  const root = rootOf(node);
  let map = order.get(root);
  if (!map || !map.has(node)) {
    map = new Map();
    let i = 0;
    const walk = (x: AnyNode): void => {
      map!.set(x, i++);
      if ('children' in x) for (const c of x.children) walk(c);
    };
    walk(root);
    order.set(root, map);
  }
  return map.get(node) ?? 0;
}

function compareDocumentPosition(this: unknown, other: unknown): number {
  const a = position(this);
  const b = position(other);
  return b < a ? 2 : b > a ? 4 : 0;
}

interface XAttr {
  nodeType: 2;
  name: string;
  nodeName: string;
  localName: string;
  value: string;
  nodeValue: string;
  ownerElement: Element;
  ownerDocument: Document | null;
  parentNode: null;
  prefix: null;
  namespaceURI: null;
  index: number;
  compareDocumentPosition: typeof compareDocumentPosition;
  toString(): string;
}

const attrCache = new WeakMap<Element, XAttr[] & { item(i: number): XAttr | undefined }>();

function define(proto: object, name: string, get: (this: never) => unknown): void {
  Object.defineProperty(proto, name, { get, configurable: true, enumerable: false });
}

let installed = false;

/** Installs the getters (idempotent). */
export function installXPathDom(): void {
  if (installed) return;
  installed = true;
  define(Node.prototype, 'ownerDocument', function (this: AnyNode) {
    if (this instanceof Document) return null;
    const r = rootOf(this);
    return r instanceof Document ? r : null;
  });
  Object.defineProperty(Node.prototype, 'compareDocumentPosition', {
    value: compareDocumentPosition,
    configurable: true,
  });
  define(Element.prototype, 'nodeName', function (this: Element) {
    return this.name;
  });
  define(Element.prototype, 'localName', function (this: Element) {
    return this.name;
  });
  define(Element.prototype, 'attributes', function (this: Element) {
    let list = attrCache.get(this);
    if (!list) {
      const el: Element = this as Element;
      const arr = Object.entries(this.attribs).map(([name, value], index): XAttr => ({
        nodeType: 2,
        name,
        nodeName: name,
        localName: name,
        value,
        nodeValue: value,
        ownerElement: el,
        ownerDocument: null,
        parentNode: null,
        prefix: null,
        namespaceURI: null,
        index,
        compareDocumentPosition,
        toString: () => value,
      }));
      list = Object.assign(arr, { item: (i: number) => arr[i] });
      attrCache.set(this, list);
    }
    return list;
  });
  define(Text.prototype, 'nodeName', () => '#text');
  define(Text.prototype, 'nodeValue', function (this: Text) {
    return this.data;
  });
  define(Comment.prototype, 'nodeName', () => '#comment');
  define(Comment.prototype, 'nodeValue', function (this: Comment) {
    return this.data;
  });
  define(Document.prototype, 'nodeName', () => '#document');
  // The doctype is a ProcessingInstruction in domhandler; xpath must not take it for an element.
  define(ProcessingInstruction.prototype, 'nodeType', () => 7);
  define(ProcessingInstruction.prototype, 'nodeName', function (this: ProcessingInstruction) {
    return this.name;
  });
  define(ProcessingInstruction.prototype, 'target', function (this: ProcessingInstruction) {
    return this.name;
  });
  void isTag;
}
