/**
 * Chapter HTML (a fragment or a whole page) to plain-text paragraphs. Block elements and `<br>`
 * end a paragraph; entities are decoded by the parser; scripts, styles, forms and hidden elements
 * are dropped. The output holds no markup at all, so it is sanitised by construction: the reader
 * renders each paragraph as text.
 */
import { parseDocument } from 'htmlparser2';
import { isTag, isText, isCDATA, hasChildren } from 'domhandler';
import type { ChildNode, Element } from 'domhandler';
import { tidyLine } from './normalize.ts';
import { hiddenSelectorsOfPage, mergeHidden, noHiddenSelectors } from './hidden-styles.ts';
import type { HiddenSelectors } from './hidden-styles.ts';

// Elements whose content is never chapter text.
const dropped = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'head',
  'title',
  'select',
  'option',
  'button',
  'textarea',
  'input',
  'svg',
  'math',
  'canvas',
  'audio',
  'video',
]);

// Elements that start and end a paragraph (HTML's block-level and table elements).
const blocks = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'aside',
  'header',
  'footer',
  'nav',
  'blockquote',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'dl',
  'dt',
  'dd',
  'table',
  'tr',
  'td',
  'th',
  'hr',
  'figure',
  'figcaption',
  'center',
  'address',
  'form',
  'fieldset',
  'body',
  'html',
]);

// Inline styles that hide an element. Sample: style="color:red; display : none" → hidden.
const hiddenStyle = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\b/i;

function isHidden(element: Element, hidden: HiddenSelectors): boolean {
  const attrs = element.attribs;
  if (attrs['hidden'] !== undefined) return true;
  if (attrs['aria-hidden'] === 'true') return true;
  if (attrs['id'] !== undefined && hidden.ids.has(attrs['id'])) return true;
  const classes = attrs['class']?.split(/\s+/) ?? [];
  if (classes.some((name) => hidden.classes.has(name))) return true;
  return hiddenStyle.test(attrs['style'] ?? '');
}

/** Collects text into paragraphs; `flush` closes the current one. */
class ParagraphWriter {
  readonly paragraphs: string[] = [];
  #current = '';

  write(text: string): void {
    this.#current += text;
  }

  flush(): void {
    // A paragraph may span source lines (a <pre> or text with raw newlines): each is its own line.
    for (const line of this.#current.split(/\r\n|\r|\n/)) {
      const tidy = tidyLine(line);
      if (tidy !== '') this.paragraphs.push(tidy);
    }
    this.#current = '';
  }
}

interface Walk {
  readonly out: ParagraphWriter;
  readonly hidden: HiddenSelectors;
}

function walk(nodes: readonly ChildNode[], w: Walk, inPre: boolean): void {
  const out = w.out;
  for (const node of nodes) {
    if (isText(node)) {
      // Outside <pre>, source newlines are layout, not paragraph breaks (HTML whitespace rules).
      out.write(inPre ? node.data : node.data.replace(/[\r\n]+/g, ' '));
    } else if (isCDATA(node)) {
      walk(node.children, w, inPre);
    } else if (isTag(node)) {
      const name = node.name.toLowerCase();
      if (dropped.has(name) || isHidden(node, w.hidden)) continue;
      if (name === 'br') {
        out.flush();
        continue;
      }
      const isBlock = blocks.has(name);
      if (isBlock) out.flush();
      walk(node.children, w, inPre || name === 'pre');
      if (isBlock) out.flush();
    } else if (hasChildren(node)) {
      walk(node.children, w, inPre);
    }
  }
}

interface ParagraphOptions {
  /** Raw newlines in text also end a paragraph. */
  readonly keepNewlines?: boolean;
  /** Classes and ids the whole page hides (its `<style>` may sit outside the fragment). */
  readonly hidden?: HiddenSelectors;
}

/**
 * Paragraphs of an HTML fragment or page. With `keepNewlines`, raw newlines in text also end a
 * paragraph (text that a source rule joined with "\n" and that still carries entities or tags).
 * Example: `htmlToParagraphs('&nbsp;&nbsp;甲<br><br>乙<script>x()</script><p>丙</p>')` → `['甲', '乙', '丙']`.
 */
export function htmlToParagraphs(html: string, options: ParagraphOptions = {}): string[] {
  const document = parseDocument(html, { decodeEntities: true, lowerCaseTags: true });
  const out = new ParagraphWriter();
  const hidden = mergeHidden(hiddenSelectorsOfPage(html), options.hidden ?? noHiddenSelectors);
  walk(document.children, { out, hidden }, options.keepNewlines === true);
  out.flush();
  return out.paragraphs;
}

// A tag or an entity: "<p>", "</div>", "<br/>", "&nbsp;", "&#12288;". Sample: "甲<br/>乙" → true.
const markup = /<\/?[a-z][^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);/i;

// Tags that give a fragment its own paragraph structure. Sample: "<p>甲</p>" → true.
const structural = /<(?:br|p|div|li|dd|h[1-6]|tr|pre)\b/i;

/** Paragraphs of content that may be HTML or plain text (sources return both). */
export function toParagraphs(content: string, hidden?: HiddenSelectors): string[] {
  if (markup.test(content)) {
    return htmlToParagraphs(content, { keepNewlines: !structural.test(content), hidden });
  }
  return content
    .split(/\r\n|\r|\n/)
    .map(tidyLine)
    .filter((line) => line !== '');
}
