/**
 * parse5's htmlparser2 tree adapter with a leaner element: the same domhandler nodes, built with
 * less garbage. The stock adapter gives every element three `Object.create(null)` maps (attributes,
 * their namespaces, their prefixes); V8 makes such objects dictionaries from the start, and on a
 * 3,000-link TOC page they were most of the parse's garbage (GC 37% of a parse loop; parse CPU
 * 19 → 14 ms without them, `npm run bench -- driver-pace`).
 * - Attributes go in an object whose prototype is an empty prototype-less object: fast properties,
 *   yet `attribs.constructor` or `attribs.__proto__`-style names read as absent, as before.
 * - Namespace and prefix maps are made only for attributes that have them (`xlink:href` in SVG);
 *   domhandler and dom-serializer read them with `?.`.
 */
import { adapter } from 'parse5-htmlparser2-tree-adapter';
import type { Token } from 'parse5';
import { Element } from 'domhandler';

/** Constructs fast-mode objects with no reachable `Object.prototype` (as Node's EventEmitter does). */
const Attributes = function Attributes() {} as unknown as new () => Record<string, string>;
Attributes.prototype = Object.create(null) as object;

function createElement(tagName: string, namespaceURI: string, attrs: Token.Attribute[]): Element {
  const attribs = new Attributes();
  let qualified = false;
  for (const attr of attrs) {
    attribs[attr.name] = attr.value;
    if (attr.namespace !== undefined) qualified = true;
  }
  const node = new Element(tagName, attribs, []);
  node.namespace = namespaceURI;
  if (qualified) {
    const namespaces = Object.create(null) as Record<string, string | undefined>;
    const prefixes = Object.create(null) as Record<string, string | undefined>;
    for (const attr of attrs) {
      namespaces[attr.name] = attr.namespace;
      prefixes[attr.name] = attr.prefix;
    }
    node['x-attribsNamespace'] = namespaces as Record<string, string>;
    node['x-attribsPrefix'] = prefixes as Record<string, string>;
  }
  return node;
}

/** A second `<html>` or `<body>` tag's attributes join the first's (only those it lacks). */
function adoptAttributes(recipient: Element, attrs: Token.Attribute[]): void {
  for (const attr of attrs) {
    if (recipient.attribs[attr.name] !== undefined) continue;
    recipient.attribs[attr.name] = attr.value;
    if (attr.namespace === undefined) continue;
    (recipient['x-attribsNamespace'] ??= Object.create(null) as Record<string, string>)[attr.name] =
      attr.namespace;
    if (attr.prefix !== undefined)
      (recipient['x-attribsPrefix'] ??= Object.create(null) as Record<string, string>)[attr.name] =
        attr.prefix;
  }
}

export const treeAdapter = { ...adapter, createElement, adoptAttributes } as typeof adapter;
