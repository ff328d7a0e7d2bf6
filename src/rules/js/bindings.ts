/**
 * Sets a run's variables (result, baseUrl, java, book…) as globals of a reused context. A name
 * bound in the previous run but not in this one becomes undefined; a HostObject bound again under
 * the same name keeps its wrapper, so a `java` object reused across runs costs nothing to bind.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import type { Marshal } from './marshal.ts';
import { HostObject } from './types.ts';
import type { HostValue } from './types.ts';

export class GlobalBindings {
  private names = new Set<string>();
  private readonly objects = new Map<string, { object: HostObject; id: number }>();

  constructor(
    private readonly context: QuickJSContext,
    private readonly marshal: Marshal,
  ) {}

  bind(bindings: Record<string, HostValue>): void {
    for (const name of this.names) {
      if (Object.hasOwn(bindings, name)) continue;
      this.setGlobal(name, this.context.undefined);
      this.forget(name);
    }
    this.names = new Set(Object.keys(bindings));
    for (const [name, value] of Object.entries(bindings)) {
      if (this.objects.get(name)?.object === value) continue;
      this.forget(name);
      if (value instanceof HostObject) {
        const { handle, id } = this.marshal.wrap(value, true);
        this.objects.set(name, { object: value, id });
        this.setGlobal(name, handle);
      } else {
        this.setGlobal(name, this.marshal.toHandle(value));
      }
    }
  }

  private forget(name: string): void {
    const previous = this.objects.get(name);
    if (previous === undefined) return;
    this.marshal.forget(previous.id);
    this.objects.delete(name);
  }

  private setGlobal(name: string, handle: QuickJSHandle): void {
    this.context.setProp(this.context.global, name, handle);
    handle.dispose();
  }
}
