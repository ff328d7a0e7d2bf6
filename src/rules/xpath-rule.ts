/**
 * XPath rules (`@XPath:` or a leading `/`, legado-rules.md §3.5) with the `xpath` package over the
 * parse5 tree. JsoupXpath's trailing functions are emulated: `/text()` gives each element's own
 * text, `/allText()` its whole text, `/html()` inner HTML, `/outerHtml()` outer HTML.
 * `&&`, `||`, `%%` combine expressions.
 */
import * as xpath from 'xpath';
import { isTag, isText } from 'domhandler';
import type { AnyNode, Element } from 'domhandler';
import { LinhaiError } from '#model';
import { installXPathDom } from './xpath-dom.ts';
import { jsoupOwnText, jsoupText, jsoupOuterHtml } from './html.ts';
import { render } from 'dom-serializer';
import { combine, splitCombinators } from './rule-split.ts';

installXPathDom();

interface Evaluator {
  evaluate(options: {
    node: unknown;
    isHtml: boolean;
  }): { nodeset?: () => { toArray(): unknown[] }; stringValue(): string } & object;
}
const xpathModule = xpath as unknown as { parse(expr: string): Evaluator };
const parseXPath = (expr: string): Evaluator => xpathModule.parse(expr);

interface CompiledXPath {
  readonly evaluator: Evaluator;
  readonly tail: 'text' | 'allText' | 'html' | 'outerHtml' | undefined;
}
const cache = new Map<string, CompiledXPath>();

// JsoupXpath's trailing pseudo-functions. Sample: "//div[@id='c']/allText()" → tail allText.
const tailPattern = /\/(text|allText|html|outerHtml|ownText)\(\)\s*$/;

function compileXPath(expr: string): CompiledXPath {
  let c = cache.get(expr);
  if (!c) {
    const m = tailPattern.exec(expr);
    const body = m ? expr.slice(0, m.index) : expr;
    const tail = m ? (m[1] === 'ownText' ? 'text' : (m[1] as CompiledXPath['tail'])) : undefined;
    try {
      c = { evaluator: parseXPath(body || '.'), tail };
    } catch (cause) {
      throw new LinhaiError('rule-error', `invalid XPath: ${expr}`, {
        details: { rule: expr },
        cause,
      });
    }
    if (cache.size > 5000) cache.clear();
    cache.set(expr, c);
  }
  return c;
}

function runOne(root: AnyNode, expr: string): unknown[] {
  const c = compileXPath(expr);
  let res: ReturnType<Evaluator['evaluate']>;
  try {
    res = c.evaluator.evaluate({ node: root, isHtml: true });
  } catch (cause) {
    throw new LinhaiError('rule-error', `XPath failed: ${expr}`, {
      details: { rule: expr },
      cause,
    });
  }
  if (!('nodes' in res) && typeof (res as { nodeset?: unknown }).nodeset !== 'function')
    return [res.stringValue()];
  let nodes: unknown[];
  try {
    nodes = res.nodeset!().toArray();
  } catch {
    return [res.stringValue()];
  }
  if (!c.tail) return nodes;
  const els = nodes.filter((n): n is Element => isTag(n as AnyNode));
  switch (c.tail) {
    case 'text':
      return els.map(jsoupOwnText);
    case 'allText':
      return els.map(jsoupText);
    case 'html':
      return els.map((e) =>
        render(e.children, { decodeEntities: true, encodeEntities: 'utf8' }).trim(),
      );
    default:
      return els.map(jsoupOuterHtml);
  }
}

/** Nodes or strings selected by an XPath rule (with combinators). */
export function xpathSelect(root: AnyNode, rule: string): unknown[] {
  const { parts, type } = splitCombinators(rule);
  const results: unknown[][] = [];
  for (const p of parts) {
    const r = runOne(root, p.trim());
    results.push(r);
    if (r.length > 0 && type === '||') break;
  }
  return combine(results, type);
}

/** JsoupXpath JXNode.toString: elements as outer HTML, text and attributes as their value. */
export function xpathString(n: unknown): string {
  if (typeof n === 'string') return n;
  const node = n as { nodeType?: number; value?: string };
  if (node && node.nodeType === 2) return node.value ?? '';
  if (isText(n as AnyNode)) return (n as { data: string }).data;
  if (isTag(n as AnyNode)) return jsoupOuterHtml(n as AnyNode);
  return String(n);
}
