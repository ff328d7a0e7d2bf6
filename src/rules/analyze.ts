/**
 * Legado's AnalyzeRule entry points (legado-rules.md §3.1, §3.11): getString, getStringList,
 * getElements, getElement. Each runs the compiled step pipeline of a rule string over the input:
 * `@put`s, template expansion, the step's mode (JSoup/CSS, XPath, JSONPath, JS, template), then
 * the `##` replacement; and shapes the result for the caller.
 */
import { decodeHTML } from 'entities';
import { Document } from 'domhandler';
import type { AnyNode } from 'domhandler';
import { LinhaiError } from '#model';
import { ParsedContent, looksLikeJson } from './content.ts';
import type { RuleInput, RuleItem } from './content.ts';
import type { RuleContext, StringRuleOptions } from './types.ts';
import { compileRule } from './rule-parse.ts';
import type { CompiledRule, RuleStep, TemplatePart } from './rule-parse.ts';
import { bareOutput, jsoupElements, jsoupSingleOutput, jsoupStrings } from './jsoup-rule.ts';
import { xpathSelect, xpathString } from './xpath-rule.ts';
import { jsonList, jsonString, jsonStrings, readPath } from './json-rule.ts';
import { parseHtmlDocument } from './html.ts';
import { regexRunner } from './regex-runner.ts';
import type { RegexRunner } from './regex-runner.ts';
import { translateJavaReplacement } from './java-regex.ts';
import { regexAllInOne } from './regex-all-in-one.ts';
import { RegexGroups, isJsonValue, isNode, stringOf } from './values.ts';
import { absoluteUrl } from './urls.ts';
import { runScript } from './js-bridge.ts';
import type { ScriptAnalyzer } from './js-bridge.ts';

function compiledFor(rule: string, input: unknown, allInOne = false): CompiledRule {
  return compileRule(rule, {
    isJson: isJsonValue(input),
    allInOne,
    regexMode: input instanceof RegexGroups,
  });
}

/** Per-call evaluation state (Legado's AnalyzeRule instance). */
export class Analyzer implements ScriptAnalyzer {
  content: RuleInput;
  baseUrl: string | undefined;
  readonly ctx: RuleContext;
  #runner: RegexRunner | undefined;

  constructor(content: RuleInput, ctx: RuleContext) {
    this.content = content;
    this.ctx = ctx;
    this.baseUrl = ctx.baseUrl ?? (content instanceof ParsedContent ? content.baseUrl : undefined);
  }

  get runner(): RegexRunner {
    this.#runner ??= regexRunner(this.ctx.regexTimeLimitMs ?? 3000);
    return this.#runner;
  }

  setContent(content: unknown, baseUrl?: string): void {
    this.content =
      typeof content === 'string'
        ? new ParsedContent(
            content,
            baseUrl ?? this.baseUrl ?? '',
            looksLikeJson(content) ? 'json' : 'html',
          )
        : content;
    if (baseUrl) this.baseUrl = baseUrl;
  }

  #compile(rule: string, input: unknown, allInOne = false): readonly RuleStep[] {
    return compiledFor(rule, input, allInOne).steps;
  }

  /** The synchronous path: no script, template or @put in the rule. */
  stringSync(c: CompiledRule, input: unknown, opts: StringRuleOptions): string {
    let result: unknown = input;
    if (c.steps.length && input !== null && input !== undefined) {
      for (const r of c.steps) {
        if (result === null || result === undefined) continue;
        if (r.rule || !r.replaceRegex)
          result = this.#stringStepSync(r.mode, r.rule, result, opts.isUrl ?? false);
        if (result !== null && result !== undefined && r.replaceRegex)
          result = this.#replace(stringOf(result), r);
      }
    }
    return this.#finishString(result, c.steps.length > 0, opts);
  }

  #finishString(result: unknown, hasSteps: boolean, opts: StringRuleOptions): string {
    let str = result === null || result === undefined || !hasSteps ? '' : stringOf(result);
    if ((opts.unescape ?? true) && str.includes('&')) str = decodeHTML(str);
    if (opts.isUrl)
      return str.trim() === '' ? (this.baseUrl ?? '') : absoluteUrl(this.baseUrl, str);
    return str;
  }

  async #puts(step: RuleStep): Promise<void> {
    for (const [k, r] of step.puts)
      this.ctx.variables.put(k, await this.getString(r, this.content));
  }

  /** Expands `{{…}}`, `@get:{…}` and `$n` against the step input (Legado makeUpRule). */
  async #makeUp(
    step: RuleStep,
    result: unknown,
  ): Promise<Pick<RuleStep, 'rule' | 'replaceRegex' | 'replacement' | 'replaceFirst'>> {
    if (!step.template) return step;
    let rule = '';
    for (const p of step.template) rule += await this.#part(p, result);
    const parts = rule.split('##');
    return {
      rule: parts[0]!.trim(),
      replaceRegex: parts[1] ?? '',
      replacement: parts[2] ?? '',
      replaceFirst: parts.length > 3,
    };
  }

  async #part(p: TemplatePart, result: unknown): Promise<string> {
    switch (p.type) {
      case 'text':
        return p.text;
      case 'get':
        return this.ctx.variables.get(p.name) ?? '';
      case 'group':
        return result instanceof RegexGroups
          ? (result.groups[p.index] ?? '')
          : Array.isArray(result) && result.length > p.index
            ? stringOf(result[p.index])
            : p.text;
      default: {
        if (p.isRule)
          return this.getString(p.expr, this.content === result ? this.content : result);
        const v = await runScript(this, p.expr, result);
        return v === null || v === undefined ? '' : stringOf(v);
      }
    }
  }

  #replace(
    text: string,
    r: Pick<RuleStep, 'replaceRegex' | 'replacement' | 'replaceFirst'>,
  ): string {
    const replacement = translateJavaReplacement(r.replacement);
    try {
      return this.runner.run(r.replaceRegex, {
        op: 'replace',
        input: text,
        replacement,
        first: r.replaceFirst,
      }) as string;
    } catch (e) {
      // Legado falls back to a literal replace when the regex does not compile (§3.7).
      if (e instanceof LinhaiError && /invalid regular expression/.test(e.message)) {
        if (r.replaceFirst) return text.includes(r.replaceRegex) ? r.replacement : '';
        return text.split(r.replaceRegex).join(r.replacement);
      }
      throw e;
    }
  }

  htmlRoot(v: unknown): AnyNode {
    if (v instanceof ParsedContent)
      return v.kind === 'html' ? v.document : parseHtmlDocument(v.text);
    if (isNode(v)) return v;
    const s = stringOf(v);
    // JsoupXpath wraps bare table rows so they parse (§3.5).
    if (/<\/(td|tr)>\s*$/i.test(s) && !/<table/i.test(s))
      return parseHtmlDocument(`<table>${s}</table>`);
    return parseHtmlDocument(s);
  }

  jsonOf(v: unknown): unknown {
    if (v instanceof ParsedContent) return v.json;
    if (typeof v === 'string') {
      try {
        return JSON.parse(v);
      } catch {
        return undefined;
      }
    }
    return v;
  }

  async getString(
    rule: string,
    input: unknown = this.content,
    opts: StringRuleOptions = {},
  ): Promise<string> {
    const compiled = compiledFor(rule, input);
    if (compiled.sync) return this.stringSync(compiled, input, opts);
    const steps = compiled.steps;
    let result: unknown = input;
    if (steps.length && input !== null && input !== undefined) {
      for (const step of steps) {
        await this.#puts(step);
        const r = await this.#makeUp(step, result);
        if (result === null || result === undefined) continue;
        if (r.rule || !r.replaceRegex)
          result = await this.#stringStep(step.mode, r.rule, result, opts.isUrl ?? false);
        if (result !== null && result !== undefined && r.replaceRegex)
          result = this.#replace(stringOf(result), r);
      }
    }
    return this.#finishString(result, steps.length > 0, opts);
  }

  async #stringStep(
    mode: RuleStep['mode'],
    rule: string,
    input: unknown,
    isUrl: boolean,
  ): Promise<unknown> {
    return mode === 'js'
      ? runScript(this, rule, input)
      : this.#stringStepSync(mode, rule, input, isUrl);
  }

  #stringStepSync(mode: RuleStep['mode'], rule: string, input: unknown, isUrl: boolean): unknown {
    switch (mode) {
      case 'json':
        return jsonString(this.jsonOf(input), rule, this.ctx);
      case 'xpath': {
        const list = xpathSelect(this.htmlRoot(input), rule).map(xpathString);
        return list.length ? list.join('\n') : null;
      }
      case 'default': {
        if (!rule) return null;
        const bare = isNode(input) ? bareOutput(rule) : undefined;
        if (bare !== undefined) return jsoupSingleOutput(input as AnyNode, bare);
        const list = jsoupStrings(this.htmlRoot(input), rule);
        return isUrl ? (list[0] ?? '') : list.length ? list.join('\n') : null;
      }
      default:
        return rule;
    }
  }

  async getStringList(
    rule: string,
    input: unknown = this.content,
    opts: StringRuleOptions = {},
  ): Promise<string[]> {
    const steps = this.#compile(rule, input);
    let result: unknown = input;
    if (!steps.length || input === null || input === undefined) return [];
    for (const step of steps) {
      await this.#puts(step);
      const r = await this.#makeUp(step, result);
      if (result === null || result === undefined) continue;
      if (r.rule) {
        switch (step.mode) {
          case 'js':
            result = await runScript(this, r.rule, result);
            break;
          case 'json':
            result = jsonStrings(this.jsonOf(result), r.rule, this.ctx);
            break;
          case 'xpath':
            result = xpathSelect(this.htmlRoot(result), r.rule).map(xpathString);
            break;
          case 'default':
            result = jsoupStrings(this.htmlRoot(result), r.rule);
            break;
          default:
            result = r.rule;
        }
      }
      if (r.replaceRegex && Array.isArray(result))
        result = result.map((x) => this.#replace(stringOf(x), r));
      else if (r.replaceRegex) result = this.#replace(stringOf(result), r);
    }
    if (result === null || result === undefined) return [];
    let list: string[] =
      typeof result === 'string'
        ? result.split('\n')
        : Array.isArray(result)
          ? result.map(stringOf)
          : [stringOf(result)];
    if (opts.unescape) list = list.map((s) => (s.includes('&') ? decodeHTML(s) : s));
    if (!opts.isUrl) return list;
    const urls: string[] = [];
    for (const u of list) {
      const abs = absoluteUrl(this.baseUrl, u);
      if (abs && !urls.includes(abs)) urls.push(abs);
    }
    return urls;
  }

  async getElements(rule: string, input: unknown = this.content): Promise<RuleItem[]> {
    const steps = this.#compile(rule, input, true);
    let result: unknown = input;
    if (!steps.length || input === null || input === undefined) return [];
    for (const step of steps) {
      await this.#puts(step);
      if (result === null || result === undefined) break;
      const r = step.template ? await this.#makeUp(step, result) : step;
      switch (step.mode) {
        case 'regex':
          result = regexAllInOne(stringOf(result), r.rule, this.runner);
          break;
        case 'js':
          result = await runScript(this, r.rule, result);
          break;
        case 'json':
          result = jsonList(this.jsonOf(result), r.rule, this.ctx);
          break;
        case 'xpath':
          result = xpathSelect(this.htmlRoot(result), r.rule);
          break;
        default:
          result = jsoupElements(this.htmlRoot(result), r.rule);
      }
      if (r.replaceRegex) result = this.#replace(stringOf(result), r);
    }
    if (Array.isArray(result)) return result;
    if (result instanceof Document) return [result];
    return [];
  }
}

/**
 * One string (Legado getString): lists joined by `\n`, entities unescaped when `&` is present,
 * with `isUrl` the first match made absolute (empty → base URL).
 * @example await getString('class.name@text', page, ctx) → '斗破苍穹'
 */
export function getString(
  rule: string,
  input: RuleInput,
  ctx: RuleContext,
  options: StringRuleOptions = {},
): Promise<string> {
  const compiled = compiledFor(rule, input);
  const a = new Analyzer(input, ctx);
  if (!compiled.sync) return a.getString(rule, input, options);
  try {
    return Promise.resolve(a.stringSync(compiled, input, options));
  } catch (e) {
    return Promise.reject(e as Error);
  }
}

/**
 * getString's answer at once when the rule has no script, template or `@put` (it throws as
 * getString rejects), else undefined: a loop over thousands of list entries then skips an await
 * per field (on Node 20, awaits cost more while an AsyncLocalStorage is in use).
 * @example getStringIfPlain('href', link, ctx) ?? (await getString('href', link, ctx))
 */
export function getStringIfPlain(
  rule: string,
  input: RuleInput,
  ctx: RuleContext,
  options: StringRuleOptions = {},
): string | undefined {
  const compiled = compiledFor(rule, input);
  return compiled.sync ? new Analyzer(input, ctx).stringSync(compiled, input, options) : undefined;
}

/** A list of strings (Legado getStringList); with `isUrl` absolute and de-duplicated. */
export function getStringList(
  rule: string,
  input: RuleInput,
  ctx: RuleContext,
  options: StringRuleOptions = {},
): Promise<string[]> {
  return new Analyzer(input, ctx).getStringList(rule, input, options);
}

/** The items of a list rule (`bookList`, `chapterList`): elements, JSON values, regex groups… */
export function getElements(rule: string, input: RuleInput, ctx: RuleContext): Promise<RuleItem[]> {
  return new Analyzer(input, ctx).getElements(rule, input);
}

/** One object (Legado getElement, used by `ruleBookInfo.init`): a JSONPath value or script value whole. */
export async function getElement(
  rule: string,
  input: RuleInput,
  ctx: RuleContext,
): Promise<RuleItem | undefined> {
  const a = new Analyzer(input, ctx);
  const steps = compileRule(rule, { isJson: isJsonValue(input), allInOne: true }).steps;
  const only = steps.length === 1 ? steps[0] : undefined;
  if (only && !only.template && !only.replaceRegex && only.mode === 'json')
    return readPath(a.jsonOf(input), only.rule, ctx);
  if (only && only.mode === 'js') return runScript(a, only.rule, input);
  return (await a.getElements(rule, input))[0];
}
