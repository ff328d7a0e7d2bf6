/**
 * JSoup's tree-changing methods for script element facades (`remove()`, `empty()`, `html(s)`,
 * `text(s)`, `attr(k, v)`, `append(s)`, `before(s)`…). They change the parsed tree itself, as
 * JSoup does, so a later `html()`, `text()` or rule on the same page sees the change.
 */
import { Text, isTag } from 'domhandler';
import type { AnyNode, ChildNode, Element } from 'domhandler';
import { append, appendChild, prepend, prependChild, removeElement } from 'domutils';
import { parseHtmlNodes } from './html.ts';

/** Detaches each node from its parent (JSoup `Node.remove()`). */
export function removeNodes(nodes: readonly AnyNode[]): void {
  for (const node of nodes) if (node.parent) removeElement(node as ChildNode);
}

/** Removes every child of each element (JSoup `Element.empty()`). */
export function emptyElements(nodes: readonly AnyNode[]): void {
  for (const node of nodes) if (isTag(node)) removeNodes([...node.children]);
}

/** Replaces the children of each element with the parsed snippet (JSoup `Element.html(s)`). */
export function setInnerHtml(nodes: readonly AnyNode[], html: string): void {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    emptyElements([node]);
    for (const child of parseHtmlNodes(html)) appendChild(node, child);
  }
}

/** Replaces the children of each element with one text node (JSoup `Element.text(s)`). */
export function setText(nodes: readonly AnyNode[], text: string): void {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    emptyElements([node]);
    appendChild(node, new Text(text));
  }
}

type InsertPlace = 'append' | 'prepend' | 'before' | 'after';

/** Inserts the parsed snippet inside (append/prepend) or beside (before/after) each element. */
export function insertHtml(nodes: readonly AnyNode[], html: string, place: InsertPlace): void {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    const parts = parseHtmlNodes(html);
    if (place === 'append') for (const part of parts) appendChild(node, part);
    else if (place === 'prepend') for (const part of parts.reverse()) prependChild(node, part);
    else if (place === 'before') for (const part of parts) prepend(node, part);
    else if (node.parent) for (const part of parts.reverse()) append(node, part);
  }
}

/** Sets (or with `value` null removes) an attribute on each element. */
export function setAttribute(nodes: readonly AnyNode[], name: string, value: string | null): void {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    if (value === null) delete node.attribs[name];
    else node.attribs[name] = value;
  }
}

/** Adds or removes one class name on each element. */
export function changeClass(nodes: readonly AnyNode[], name: string, add: boolean): void {
  for (const node of nodes) {
    if (!isTag(node)) continue;
    const classes = classNames(node).filter((c) => c !== name);
    if (add) classes.push(name);
    if (classes.length > 0) node.attribs['class'] = classes.join(' ');
    else delete node.attribs['class'];
  }
}

export function classNames(element: Element): string[] {
  return (element.attribs['class'] ?? '').split(/\s+/).filter((c) => c !== '');
}
