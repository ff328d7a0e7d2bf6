// Linhai's leaner tree adapter must build the tree parse5's stock htmlparser2 adapter builds:
// same elements, attributes (with namespaces and prefixes), text and serialisation, on hand-made
// edge cases, on real saved novel pages and on generated markup.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'parse5';
import { adapter } from 'parse5-htmlparser2-tree-adapter';
import { isTag, isText } from 'domhandler';
import type { AnyNode, Document, Element } from 'domhandler';
import { render } from 'dom-serializer';
import { parseHtmlDocument } from './html.ts';
import { sharedData, sharedDataSkip } from '../../test/support/outside-material.ts';

const stock = (html: string): Document => parse(html, { treeAdapter: adapter }) as Document;

/** Every node as a line: tag, namespace and attributes (name, value, namespace, prefix), or text. */
function shape(node: AnyNode, out: string[] = []): string[] {
  if (isTag(node)) {
    out.push(`<${node.name} ${node.namespace} ${JSON.stringify(node.attributes)}`);
  } else if (isText(node)) out.push(`"${node.data}`);
  else out.push(`#${node.type}`);
  for (const child of (node as Element).children ?? []) shape(child, out);
  return out;
}

/** The elements named `name`, in document order. */
function elements(node: AnyNode, name: string, out: Element[] = []): Element[] {
  if (isTag(node) && node.name === name) out.push(node);
  for (const child of (node as Element).children ?? []) elements(child, name, out);
  return out;
}

function assertSameTree(html: string): void {
  const lean = parseHtmlDocument(html);
  const expected = stock(html);
  assert.deepEqual(shape(lean), shape(expected));
  assert.equal(render(lean), render(expected));
}

test('a second <html> or <body> tag adds only the attributes the first lacks', () => {
  const html =
    '<html lang="zh"><body class="a"><p>x</p><body id="b" class="c"><html lang="en" dir="rtl">';
  assertSameTree(html);
  const [body] = elements(parseHtmlDocument(html), 'body');
  assert.deepEqual({ ...body?.attribs }, { class: 'a', id: 'b' });
});

test('SVG and MathML attributes keep their namespaces and prefixes', () => {
  const html =
    '<svg><use xlink:href="#i" xml:lang="zh"/><a xlink:title="t" href="/x">l</a></svg><math definitionURL="u"></math>';
  assertSameTree(html);
  const [use] = elements(parseHtmlDocument(html), 'use');
  assert.deepEqual(
    // parse5 stores `xlink:href` as `href` with its prefix, with either adapter.
    use?.attributes.map((a) => [a.name, a.namespace, a.prefix]),
    [
      ['href', 'http://www.w3.org/1999/xlink', 'xlink'],
      ['lang', 'http://www.w3.org/XML/1998/namespace', 'xml'],
    ],
  );
});

test("attribute names that are Object.prototype's are attributes like any other, or absent", () => {
  const html = '<a constructor="c" __proto__="p" href="/1">1</a><a href="/2">2</a>';
  assertSameTree(html);
  const [first, second] = elements(parseHtmlDocument(html), 'a');
  assert.equal(first?.attribs['constructor'], 'c');
  assert.equal(first?.attribs['__proto__'], 'p');
  assert.deepEqual(Object.keys(first?.attribs ?? {}), ['constructor', '__proto__', 'href']);
  assert.equal(second?.attribs['constructor'], undefined);
  assert.equal(second?.attribs['toString'], undefined);
  assert.equal('hasOwnProperty' in (second?.attribs ?? {}), false);
});

const pagesSkip = sharedDataSkip('real-pages', 'novel-html');
test('real saved pages build the same tree', { skip: pagesSkip }, () => {
  const dirs = [sharedData('real-pages'), sharedData('novel-html')];
  const pages = dirs.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => /\.html?$/.test(name))
      .map((name) => join(dir, name)),
  );
  assert.ok(pages.length >= 10, `only ${pages.length} pages found`);
  for (const page of pages) assertSameTree(readFileSync(page, 'utf8'));
});

test('generated markup builds the same tree', () => {
  const tag = fc.constantFrom(
    'div',
    'p',
    'a',
    'table',
    'tr',
    'td',
    'svg',
    'use',
    'math',
    'body',
    'html',
    'br',
    'li',
    'template',
    'select',
    'option',
  );
  const attr = fc.tuple(
    fc.constantFrom(
      'id',
      'class',
      'href',
      'xlink:href',
      'xml:lang',
      'xmlns',
      'constructor',
      '__proto__',
      'definitionurl',
      'data-x',
    ),
    fc.constantFrom('', 'a', '#b', '&amp;', '"q"'),
  );
  const token = fc.oneof(
    fc
      .tuple(tag, fc.array(attr, { maxLength: 3 }))
      .map(
        ([name, attrs]) =>
          `<${name}${attrs.map(([n, v]) => ` ${n}="${v.replace(/"/g, '&quot;')}"`).join('')}>`,
      ),
    tag.map((name) => `</${name}>`),
    fc.constantFrom('text', ' ', '章节', '&nbsp;', '<!-- c -->'),
  );
  fc.assert(
    fc.property(fc.array(token, { maxLength: 25 }), (tokens) => assertSameTree(tokens.join(''))),
    { numRuns: 2_000 },
  );
});
