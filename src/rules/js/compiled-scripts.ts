/**
 * Scripts that are one expression (most `@js:` rules: `result.replace(/<br>/g, "\n")`) compiled
 * once per context into a function, which later runs call, instead of being parsed and compiled
 * on every run. Only code that means the same as an expression and as a script qualifies: a
 * valid script (checked once) that does not start like a statement (`{`, `function`, `class`,
 * `let`, `async`, a comment or regex `/`) and does not read `arguments`. Anything else is
 * evaluated as before. The functions live in the context, which a reset replaces.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';

/** Compiled scripts kept per context; past it the oldest is dropped. */
const kept = 64;
const statementLike = /^\s*(?:[{/]|(?:function|class|let|async)\b)|\barguments\b/;

export class CompiledScripts {
  /** By code: the function, or null when the code must be evaluated as a script. */
  private readonly functions = new Map<string, QuickJSHandle | null>();

  constructor(private readonly context: QuickJSContext) {}

  /** The function to call for `code`, or undefined to evaluate it as a script. */
  get(code: string, fileName: string): QuickJSHandle | undefined {
    let compiled = this.functions.get(code);
    if (compiled === undefined) {
      compiled = this.compile(code, fileName);
      this.functions.set(code, compiled);
      for (const [oldCode, old] of this.functions) {
        if (this.functions.size <= kept) break;
        old?.dispose();
        this.functions.delete(oldCode);
      }
    }
    return compiled ?? undefined;
  }

  dispose(): void {
    for (const handle of this.functions.values()) handle?.dispose();
    this.functions.clear();
  }

  private compile(code: string, fileName: string): QuickJSHandle | null {
    if (code.length > 10_000 || statementLike.test(code)) return null;
    const context = this.context;
    const asScript = context.evalCode(code, fileName, { type: 'global', compileOnly: true });
    (asScript.error ?? asScript.value).dispose();
    if (asScript.error) return null;
    // Creating the function runs none of the script's code. The author's first line is line 2,
    // as in the engine's block wrapper, so error lines map the same way; the array keeps a call
    // out of tail position, where QuickJS would report the \`return\`'s place instead of the call's.
    const made = context.evalCode(`(function () { return [(\n${code}\n)][0] })`, fileName, {
      type: 'global',
    });
    if (made.error) {
      made.error.dispose();
      return null;
    }
    return made.value;
  }
}
