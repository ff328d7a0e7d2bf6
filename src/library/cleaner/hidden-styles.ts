/**
 * Classes and ids a page hides with its own stylesheet: anti-theft sentences are put in the text
 * with a random class and hidden by a `<style>` rule (Royal Road does this), so a reader never
 * sees them but a scraper copies them. Only simple selectors are read (`.c`, `p.c`, `#i`).
 */
import { parseDocument, DomUtils } from 'htmlparser2';

export interface HiddenSelectors {
  readonly classes: ReadonlySet<string>;
  readonly ids: ReadonlySet<string>;
}

export const noHiddenSelectors: HiddenSelectors = { classes: new Set(), ids: new Set() };

// One CSS rule: selectors, then the declaration block. Sample: ".cmAbc{display:none;}".
const cssRule = /([^{}]+)\{([^{}]*)\}/g;

// A declaration that hides. Sample: "display: none !important" or "visibility:hidden".
const hides = /display\s*:\s*none|visibility\s*:\s*hidden/i;

// A simple class or id selector, optionally after a tag name. Samples: ".cmAbc", "p.cmAbc", "#ad".
const simpleSelector = /^(?:[a-z][a-z0-9]*)?([.#])(-?[_a-zA-Z][\w-]*)$/;

/** The hidden classes and ids declared in a stylesheet's text. */
function hiddenSelectorsOf(css: string): HiddenSelectors {
  const classes = new Set<string>();
  const ids = new Set<string>();
  for (const [, selectors = '', body = ''] of css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .matchAll(cssRule)) {
    if (!hides.test(body)) continue;
    for (const selector of selectors.split(',')) {
      const match = simpleSelector.exec(selector.trim());
      if (match?.[2] === undefined) continue;
      (match[1] === '.' ? classes : ids).add(match[2]);
    }
  }
  return { classes, ids };
}

/** The hidden selectors of every `<style>` element in an HTML page or fragment. */
export function hiddenSelectorsOfPage(html: string): HiddenSelectors {
  if (!/<style/i.test(html)) return noHiddenSelectors;
  const document = parseDocument(html);
  const css = DomUtils.getElementsByTagName('style', document)
    .map((style) => DomUtils.textContent(style))
    .join('\n');
  return hiddenSelectorsOf(css);
}

/** Both sets together. */
export function mergeHidden(a: HiddenSelectors, b: HiddenSelectors): HiddenSelectors {
  return { classes: new Set([...a.classes, ...b.classes]), ids: new Set([...a.ids, ...b.ids]) };
}
