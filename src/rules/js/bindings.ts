/**
 * Sets a run's variables (result, baseUrl, java, book…) as globals of a reused context, in one call
 * into the sandbox: the prelude's `begin` first sweeps the run before (its bindings and every
 * global it added), then sets this run's values and lazy accessors. A HostObject bound again under
 * the same name keeps its wrapper, so a `source` object reused across runs costs nothing to bind.
 * A LazyBinding becomes a getter that converts the value when the script reads it.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import type { Marshal } from './marshal.ts';
import { HostObject, LazyBinding } from './types.ts';
import type { HostValue } from './types.ts';
import { nameSeparator } from './prelude.ts';

export class GlobalBindings {
  private readonly objects = new Map<
    string,
    { object: HostObject; id: number; handle: QuickJSHandle }
  >();
  /** The names the last run was given, joined for the sweep; undefined once swept. */
  private unswept: string | undefined;

  constructor(
    private readonly context: QuickJSContext,
    private readonly marshal: Marshal,
    /** The prelude's `begin(swept, names, kinds, ...values)` and `sweep(names)`. */
    private readonly prelude: { begin: QuickJSHandle; sweep: QuickJSHandle },
  ) {}

  /**
   * Sweeps the last run and binds this one's variables. False when the sandbox refused (a global
   * the last run left cannot be swept, e.g. a non-writable one it defined): reset the context.
   */
  bind(bindings: Record<string, HostValue | LazyBinding>): boolean {
    const names = Object.keys(bindings);
    for (const name of this.objects.keys()) {
      if (!(bindings[name] instanceof HostObject)) this.forget(name);
    }
    const context = this.context;
    const made: QuickJSHandle[] = [];
    const own = (handle: QuickJSHandle) => {
      made.push(handle);
      return handle;
    };
    const swept = this.unswept;
    this.unswept = names.join(nameSeparator);
    try {
      let kinds = '';
      const values = names.map((name) => {
        const value = bindings[name];
        kinds += value instanceof LazyBinding ? 'L' : 'V';
        if (value instanceof HostObject) return this.kept(name, value);
        if (value instanceof LazyBinding) {
          const id = this.marshal.register(new HostObject({ value: () => value.value }));
          return own(context.newNumber(id));
        }
        return own(this.marshal.toHandle(value));
      });
      const result = context.callFunction(this.prelude.begin, context.undefined, [
        swept === undefined ? context.null : own(context.newString(swept)),
        own(context.newString(this.unswept)),
        own(context.newString(kinds)),
        ...values,
      ]);
      (result.error ?? result.value).dispose();
      return result.error === undefined;
    } finally {
      for (const handle of made) handle.dispose();
    }
  }

  /** Sweeps the last run now; false when the sandbox refused (reset the context). */
  sweep(): boolean {
    if (this.unswept === undefined) return true;
    const context = this.context;
    const names = context.newString(this.unswept);
    this.unswept = undefined;
    const result = context.callFunction(this.prelude.sweep, context.undefined, names);
    names.dispose();
    (result.error ?? result.value).dispose();
    return result.error === undefined;
  }

  dispose(): void {
    for (const name of [...this.objects.keys()]) this.forget(name);
  }

  /** The wrapper of a HostObject bound under `name`, made again only when the object changed. */
  private kept(name: string, object: HostObject): QuickJSHandle {
    let kept = this.objects.get(name);
    if (kept?.object !== object) {
      this.forget(name);
      kept = { object, ...this.marshal.wrap(object, true) };
      this.objects.set(name, kept);
    }
    return kept.handle;
  }

  private forget(name: string): void {
    const previous = this.objects.get(name);
    if (previous === undefined) return;
    previous.handle.dispose();
    this.marshal.forget(previous.id);
    this.objects.delete(name);
  }
}
