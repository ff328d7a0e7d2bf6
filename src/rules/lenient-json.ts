/**
 * A lenient JSON reader, the one for book-source files and for JSON inside rules
 * (docs/legado-rules.md §1.2). Real files are edited by
 * hand and exported by several apps, so it accepts what Gson's lenient mode accepts and people
 * write: a BOM, `//`, `/* *\/` and `#` comments, single-quoted strings, unquoted keys, trailing
 * commas, raw control characters inside strings. Anything else — two files pasted together, a cut
 * off file — is rejected with the line and column of the problem. It never throws anything but a
 * LinhaiError('import-parse'), and never recurses past `maxDepth`.
 */
import { LinhaiError } from '#model';

export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface LenientParseResult {
  value: JsonValue;
  /** Leniencies used, each with its position ("3:14 trailing comma"). */
  warnings: string[];
}

const maxDepth = 200;

export function parseLenientJson(text: string): LenientParseResult {
  return new Reader(text).readDocument();
}

/**
 * The same reader for JSON inside rules (`@put:{…}` maps, URL `,{options}`, a JS library given as
 * JSON): strict JSON first, then the lenient reader; undefined when the text is neither.
 * @example readLenientJson("{'method':'POST', body: 'a=1'}") → { method: 'POST', body: 'a=1' }
 */
export function readLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the lenient reader
  }
  try {
    return new Reader(text).readDocument().value;
  } catch {
    return undefined;
  }
}

/** line:column (1-based) of an offset, for messages. */
export function positionOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

const escapes: Record<string, string> = {
  '"': '"',
  "'": "'",
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

// Characters that end an unquoted key or literal (Gson's lenient literal terminators).
const literalEnd = new Set([...'{}[]:,;=#/\\"\' \t\r\n\f']);

class Reader {
  private pos = 0;
  private readonly warnings: string[] = [];
  constructor(private readonly text: string) {}

  readDocument(): LenientParseResult {
    if (this.text.charCodeAt(0) === 0xfeff) this.pos = 1;
    this.skipBlank();
    if (this.pos >= this.text.length) this.fail('the file is empty');
    const value = this.readValue(0);
    this.skipBlank();
    if (this.pos < this.text.length) {
      const next = this.text[this.pos];
      const hint =
        next === '[' || next === '{'
          ? 'a second JSON document starts here (files pasted together?)'
          : `unexpected ${JSON.stringify(next)} after the end of the JSON value`;
      this.fail(hint);
    }
    return { value, warnings: this.warnings };
  }

  private fail(message: string, at = this.pos): never {
    const { line, column } = positionOf(this.text, at);
    throw new LinhaiError('import-parse', `${message} at line ${line}, column ${column}`, {
      details: { line, column, offset: at },
    });
  }

  private warn(message: string, at = this.pos): void {
    const { line, column } = positionOf(this.text, at);
    if (this.warnings.length < 50) this.warnings.push(`${line}:${column} ${message}`);
  }

  private skipBlank(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\ufeff') {
        this.pos++;
      } else if (c === '#' || (c === '/' && t[this.pos + 1] === '/')) {
        const end = t.indexOf('\n', this.pos);
        this.pos = end < 0 ? t.length : end + 1;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated /* comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  private readValue(depth: number): JsonValue {
    if (depth > maxDepth) this.fail(`nesting deeper than ${maxDepth} levels`);
    this.skipBlank();
    const c = this.text[this.pos];
    if (c === undefined) this.fail('the file ends where a value was expected');
    if (c === '{') return this.readObject(depth);
    if (c === '[') return this.readArray(depth);
    if (c === '"' || c === "'") return this.readString();
    return this.readLiteral();
  }

  private readObject(depth: number): { [key: string]: JsonValue } {
    const out: { [key: string]: JsonValue } = {};
    this.pos++; // {
    for (;;) {
      this.skipBlank();
      const c = this.text[this.pos];
      if (c === '}') {
        this.pos++;
        return out;
      }
      if (c === undefined) this.fail('the file ends inside an object (missing "}")');
      const keyAt = this.pos;
      const key = c === '"' || c === "'" ? this.readString() : this.readBareWord('a key');
      if (c !== '"') this.warn('unquoted or single-quoted key', keyAt);
      this.skipBlank();
      const sep = this.text[this.pos];
      if (sep === ':') this.pos++;
      else if (sep === '=') this.pos += this.text[this.pos + 1] === '>' ? 2 : 1;
      else this.fail(`expected ":" after the key ${JSON.stringify(key)}`);
      const value = this.readValue(depth + 1);
      // defineProperty: a "__proto__" key must become data, not the prototype.
      Object.defineProperty(out, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.skipBlank();
      const next = this.text[this.pos];
      if (next === ',' || next === ';') {
        this.pos++;
        this.skipBlank();
        if (this.text[this.pos] === '}') this.warn('trailing comma in an object');
      } else if (next !== '}') {
        if (next === undefined) this.fail('the file ends inside an object (missing "}")');
        this.fail('expected "," or "}" in an object');
      }
    }
  }

  private readArray(depth: number): JsonValue[] {
    const out: JsonValue[] = [];
    this.pos++; // [
    for (;;) {
      this.skipBlank();
      const c = this.text[this.pos];
      if (c === ']') {
        this.pos++;
        return out;
      }
      if (c === undefined) this.fail('the file ends inside a list (missing "]")');
      if (c === ',') this.fail('empty list item (two commas in a row)');
      out.push(this.readValue(depth + 1));
      this.skipBlank();
      const next = this.text[this.pos];
      if (next === ',' || next === ';') {
        this.pos++;
        this.skipBlank();
        if (this.text[this.pos] === ']') this.warn('trailing comma in a list');
      } else if (next !== ']') {
        if (next === undefined) this.fail('the file ends inside a list (missing "]")');
        this.fail('expected "," or "]" in a list');
      }
    }
  }

  private readString(): string {
    const t = this.text;
    const quote = t[this.pos];
    const start = this.pos;
    this.pos++;
    let out = '';
    let chunk = this.pos;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === quote) {
        out += t.slice(chunk, this.pos);
        this.pos++;
        return out;
      }
      if (c === '\\') {
        out += t.slice(chunk, this.pos);
        const e = t[this.pos + 1];
        if (e === undefined) break;
        if (e === 'u') {
          const hex = t.slice(this.pos + 2, this.pos + 6);
          // four hex digits, e.g. "4e2d" in "\u4e2d"
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 6;
        } else if (e === '\n' || e === '\r') {
          this.pos += 2; // a backslash-newline continues the line (Gson lenient)
        } else {
          const mapped = escapes[e];
          if (mapped === undefined) this.fail(`bad escape "\\${e}" in a string`);
          out += mapped;
          this.pos += 2;
        }
        chunk = this.pos;
        continue;
      }
      this.pos++;
    }
    this.fail('the file ends inside a string (missing closing quote)', start);
  }

  private readBareWord(what: string): string {
    const start = this.pos;
    while (this.pos < this.text.length && !literalEnd.has(this.text[this.pos] ?? '')) this.pos++;
    if (this.pos === start)
      this.fail(`expected ${what}, found ${JSON.stringify(this.text[start])}`);
    return this.text.slice(start, this.pos);
  }

  private readLiteral(): JsonValue {
    const start = this.pos;
    const word = this.readBareWord('a value');
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    // a JSON number, e.g. "-12", "3.5e2"
    if (/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(word)) return Number(word);
    this.warn('unquoted string value', start);
    return word;
  }
}
