/**
 * Gson-lenient JSON (legado-rules.md §1.2): strict JSON first, then unquoted keys, single-quoted
 * strings and trailing commas. Used for `@put:{…}` maps and URL `,{options}`.
 */

/**
 * @example parseLenientJson("{'method':'POST', body: 'a=1'}") → { method: 'POST', body: 'a=1' }
 * Returns undefined when the text cannot be read either way.
 */
export function parseLenientJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    // fall through to the lenient reader
  }
  try {
    return new LenientReader(text).readDocument();
  } catch {
    return undefined;
  }
}

class LenientReader {
  #i = 0;
  readonly #s: string;
  constructor(s: string) {
    this.#s = s;
  }
  readDocument(): unknown {
    const v = this.value();
    this.ws();
    if (this.#i < this.#s.length) throw new Error('trailing text');
    return v;
  }
  ws(): void {
    while (this.#i < this.#s.length && /\s/.test(this.#s[this.#i]!)) this.#i++;
  }
  value(): unknown {
    this.ws();
    const c = this.#s[this.#i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"' || c === "'") return this.string(c);
    return this.bare();
  }
  object(): Record<string, unknown> {
    const o: Record<string, unknown> = {};
    this.#i++;
    for (;;) {
      this.ws();
      if (this.#s[this.#i] === '}') {
        this.#i++;
        return o;
      }
      const c = this.#s[this.#i];
      const key = c === '"' || c === "'" ? this.string(c) : String(this.bare(true));
      this.ws();
      if (this.#s[this.#i] !== ':' && this.#s[this.#i] !== '=') throw new Error('expected :');
      this.#i++;
      o[key] = this.value();
      this.ws();
      if (this.#s[this.#i] === ',' || this.#s[this.#i] === ';') this.#i++;
      else if (this.#s[this.#i] !== '}') throw new Error('expected ,');
    }
  }
  array(): unknown[] {
    const a: unknown[] = [];
    this.#i++;
    for (;;) {
      this.ws();
      if (this.#s[this.#i] === ']') {
        this.#i++;
        return a;
      }
      a.push(this.value());
      this.ws();
      if (this.#s[this.#i] === ',') this.#i++;
      else if (this.#s[this.#i] !== ']') throw new Error('expected ,');
    }
  }
  string(q: string): string {
    let out = '';
    this.#i++;
    while (this.#i < this.#s.length) {
      const c = this.#s[this.#i++]!;
      if (c === q) return out;
      if (c === '\\') {
        const n = this.#s[this.#i++] ?? '';
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
        if (n === 'u') {
          out += String.fromCharCode(parseInt(this.#s.slice(this.#i, this.#i + 4), 16));
          this.#i += 4;
        } else out += map[n] ?? n;
      } else out += c;
    }
    throw new Error('unterminated string');
  }
  bare(isKey = false): unknown {
    const start = this.#i;
    while (this.#i < this.#s.length && !/[\s,:=;{}[\]]/.test(this.#s[this.#i]!)) this.#i++;
    const t = this.#s.slice(start, this.#i);
    if (!t) throw new Error('empty value');
    if (isKey) return t;
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t === 'null') return null;
    const n = Number(t);
    return Number.isNaN(n) ? t : n;
  }
}
