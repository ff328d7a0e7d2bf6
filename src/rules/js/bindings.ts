/**
 * Sets a run's variables (result, baseUrl, java, book…) as globals of a reused context. The
 * prelude's sweep removes them after the run with every other global the run made; a HostObject
 * bound again under the same name keeps its wrapper, so a `source` object reused across runs costs
 * nothing to bind. A LazyBinding becomes a getter that converts the value when the script reads it.
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

  constructor(
    private readonly context: QuickJSContext,
    private readonly marshal: Marshal,
    /** The prelude's `lazy(names, ids)`. */
    private readonly lazy: QuickJSHandle,
  ) {}

  /** The names the last run was given, joined for the prelude's sweep. */
  bound = '';

  bind(bindings: Record<string, HostValue | LazyBinding>): void {
    this.bound = Object.keys(bindings).join(nameSeparator);
    for (const name of this.objects.keys()) {
      if (!(bindings[name] instanceof HostObject)) this.forget(name);
    }
    const context = this.context;
    const lazyNames: string[] = [];
    const lazyIds: number[] = [];
    for (const [name, value] of Object.entries(bindings)) {
      if (value instanceof HostObject) {
        let kept = this.objects.get(name);
        if (kept?.object !== value) {
          this.forget(name);
          kept = { object: value, ...this.marshal.wrap(value, true) };
          this.objects.set(name, kept);
        }
        context.setProp(context.global, name, kept.handle);
      } else if (value instanceof LazyBinding) {
        lazyNames.push(name);
        lazyIds.push(this.marshal.register(new HostObject({ value: () => value.value })));
      } else {
        const handle = this.marshal.toHandle(value);
        context.setProp(context.global, name, handle);
        handle.dispose();
      }
    }
    if (lazyNames.length > 0) this.defineLazy(lazyNames, lazyIds);
  }

  /** One call into the sandbox for all of a run's lazy bindings. */
  private defineLazy(names: string[], ids: number[]): void {
    const context = this.context;
    const args = [
      context.newString(names.join(nameSeparator)),
      context.newString(ids.join(nameSeparator)),
    ];
    try {
      context.unwrapResult(context.callFunction(this.lazy, context.undefined, ...args)).dispose();
    } finally {
      for (const arg of args) arg.dispose();
    }
  }

  dispose(): void {
    for (const name of [...this.objects.keys()]) this.forget(name);
  }

  private forget(name: string): void {
    const previous = this.objects.get(name);
    if (previous === undefined) return;
    previous.handle.dispose();
    this.marshal.forget(previous.id);
    this.objects.delete(name);
  }
}
