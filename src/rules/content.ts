/**
 * A response made once into rule input: HTML tree (parsed lazily, once), JSON value, or text.
 * Detection follows Legado's `setContent`: trimmed text starting with `{`/`[` and ending with
 * `}`/`]` is JSON; everything else is HTML.
 */
import type { Document } from 'domhandler';
import { parseHtmlDocument } from './html.ts';

export type ContentKind = 'html' | 'json';

export interface ParseContentOptions {
  /** Force a kind instead of detecting it. */
  readonly kind?: ContentKind;
}

/** Something `getElements` returned: an element, a JSON value, a regex group array, a script value. */
export type RuleItem = unknown;

/** What a rule runs on: a whole parsed response or one item of a list. */
export type RuleInput = ParsedContent | RuleItem;

const notParsed = Symbol('not parsed');

export class ParsedContent {
  readonly kind: ContentKind;
  /** The final (post-redirect) URL of the response; relative links resolve against it. */
  readonly baseUrl: string;
  /** The raw body text. */
  readonly text: string;
  #doc: Document | undefined;
  #json: unknown = notParsed;

  constructor(text: string, baseUrl: string, kind: ContentKind) {
    this.text = text;
    this.baseUrl = baseUrl;
    this.kind = kind;
  }

  /** The HTML tree, parsed on first use and shared by every rule after that. */
  get document(): Document {
    this.#doc ??= parseHtmlDocument(this.text);
    return this.#doc;
  }

  /** The JSON value (undefined when the text is not valid JSON). */
  get json(): unknown {
    if (this.#json === notParsed) {
      try {
        this.#json = JSON.parse(this.text);
      } catch {
        this.#json = undefined;
      }
    }
    return this.#json;
  }

  toString(): string {
    return this.text;
  }
}

/** Legado's JSON test: `{…}` or `[…]` after trimming. */
export function looksLikeJson(text: string): boolean {
  const t = text.trim();
  const a = t[0];
  const z = t[t.length - 1];
  return (a === '{' && z === '}') || (a === '[' && z === ']');
}

/**
 * Makes a response into rule input once; HTML is parsed on first use.
 * @example parseContent('<ul><li>a</li></ul>', 'https://x.com/toc').kind === 'html'
 */
export function parseContent(
  text: string,
  baseUrl: string,
  options: ParseContentOptions = {},
): ParsedContent {
  const kind = options.kind ?? (looksLikeJson(text) ? 'json' : 'html');
  return new ParsedContent(text, baseUrl, kind);
}
