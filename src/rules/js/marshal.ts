/**
 * Moves values between the host and one QuickJS context. Plain values go in as JSON (one parse
 * inside the sandbox) unless they hold host objects; host objects become sandbox objects whose
 * methods call back through the prelude's `wrap`; values come out as JSON from the prelude's `out`,
 * with host object references swapped back for the original HostObject.
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { LinhaiError } from '#model';
import { HostObject } from './types.ts';
import type { HostValue } from './types.ts';
import { hostRefKey, nameSeparator } from './prelude.ts';
import { stringTransfer } from './heap-strings.ts';
import type { StringTransfer } from './heap-strings.ts';

/** The prelude's helpers, as handles owned by the Marshal. */
export interface PreludeHandles {
  wrap: QuickJSHandle;
  out: QuickJSHandle;
  parse: QuickJSHandle;
  begin: QuickJSHandle;
  seal: QuickJSHandle;
  sweep: QuickJSHandle;
}

const escapedRefKey = JSON.stringify(hostRefKey).slice(1, -1);

/** Strings the C-string bridge cannot carry: a NUL (it ends the string) or a lone surrogate,
 *  e.g. "a\u0000b" or "\ud800x". These cross as JSON text instead. V8's own checks, not a regex
 *  with lookbehind: 1.9 against 6 µs for a 3,000-character chapter, on every `@js:` call. */
function needsJson(text: string): boolean {
  // String.prototype.isWellFormed (ES2024, Node 20) is not in the ES2023 library types.
  return text.includes('\0') || !(text as string & { isWellFormed(): boolean }).isWellFormed();
}

export class Marshal {
  /** Host objects by id; `transient` ones are forgotten after each run, `persistent` ones are bindings. */
  private readonly transient = new Map<number, HostObject>();
  private readonly persistent = new Map<number, HostObject>();
  private nextId = 1;
  private readonly lengthKey: QuickJSHandle;
  private readonly strings: StringTransfer;

  constructor(
    private readonly context: QuickJSContext,
    private readonly prelude: PreludeHandles,
    /** Larger strings would exhaust the WASM heap while being copied in (and corrupt it). */
    private readonly maxStringBytes: number,
  ) {
    this.lengthKey = context.newString('length');
    this.strings = stringTransfer(context);
  }

  dispose(): void {
    this.lengthKey.dispose();
  }

  private newString(text: string): QuickJSHandle {
    if (text.length * 3 > this.maxStringBytes && Buffer.byteLength(text) > this.maxStringBytes) {
      throw new LinhaiError(
        'js-memory',
        `a ${Buffer.byteLength(text)}-byte value is too large for the script's memory budget`,
      );
    }
    return this.strings.newString(text);
  }

  lookup(id: number): HostObject {
    const object = this.transient.get(id) ?? this.persistent.get(id);
    if (object === undefined) {
      throw new LinhaiError(
        'js-error',
        'this host object is no longer available (it came from an earlier script run)',
      );
    }
    return object;
  }

  endRun(): void {
    this.transient.clear();
  }

  forget(id: number): void {
    this.persistent.delete(id);
  }

  /** A new handle for `value`; the caller disposes it. */
  toHandle(value: HostValue | Uint8Array): QuickJSHandle {
    const context = this.context;
    switch (typeof value) {
      case 'undefined':
        return context.undefined;
      case 'boolean':
        return value ? context.true : context.false;
      case 'number':
        return context.newNumber(value);
      case 'string':
        return needsJson(value) ? this.parsed(JSON.stringify(value)) : this.newString(value);
      case 'bigint':
        return context.newString(String(value));
      case 'object':
        break;
      default:
        return context.undefined; // functions and symbols outside a HostObject have no meaning here
    }
    if (value === null) return context.null;
    if (value instanceof HostObject) return this.wrap(value, false).handle;
    if (value instanceof Uint8Array)
      return this.toHandle(Array.from(value, (b) => (b << 24) >> 24));
    if (!containsHostObject(value)) return this.parsed(JSON.stringify(value));
    const target = Array.isArray(value) ? context.newArray() : context.newObject();
    for (const [key, item] of Object.entries(value)) {
      const handle = this.toHandle(item);
      context.setProp(target, key, handle);
      handle.dispose();
    }
    return target;
  }

  /** The value of JSON `json`, parsed inside the sandbox. */
  private parsed(json: string): QuickJSHandle {
    const context = this.context;
    const text = this.newString(json);
    try {
      return context.unwrapResult(
        context.callFunction(this.prelude.parse, context.undefined, text),
      );
    } finally {
      text.dispose();
    }
  }

  /** A sandbox string; when the C-string bridge lost characters (NUL, lone surrogates), via JSON. */
  private readString(handle: QuickJSHandle): string {
    const context = this.context;
    const text = this.strings.getString(handle);
    const length = context.getProp(handle, this.lengthKey);
    const expected = context.getNumber(length);
    length.dispose();
    return expected === text.length ? text : (this.outJson(handle) as string);
  }

  /** An id the sandbox can call `object` by until the run ends, without wrapping it. */
  register(object: HostObject): number {
    const id = this.nextId++;
    this.transient.set(id, object);
    return id;
  }

  /** Wraps a HostObject; `persistent` ones survive the run (used for bindings). */
  wrap(object: HostObject, persistent: boolean): { handle: QuickJSHandle; id: number } {
    const context = this.context;
    const id = this.nextId++;
    (persistent ? this.persistent : this.transient).set(id, object);
    const methods: string[] = [];
    const properties: [string, HostValue][] = [];
    for (const [name, member] of Object.entries(object.members)) {
      if (typeof member === 'function') methods.push(name);
      else properties.push([name, member]);
    }
    const args = [
      context.newNumber(id),
      context.newString(object.label ?? 'HostObject'),
      context.newString(methods.join(nameSeparator)),
    ];
    try {
      const handle = context.unwrapResult(
        context.callFunction(this.prelude.wrap, context.undefined, args),
      );
      for (const [name, value] of properties) {
        const item = this.toHandle(value);
        context.setProp(handle, name, item);
        item.dispose();
      }
      return { handle, id };
    } finally {
      for (const arg of args) arg.dispose();
    }
  }

  /** The host value of a sandbox value; the caller still owns (and disposes) `handle`. */
  fromHandle(handle: QuickJSHandle): HostValue {
    const context = this.context;
    switch (context.typeof(handle)) {
      case 'string':
        return this.readString(handle);
      case 'number':
        return context.getNumber(handle);
      case 'boolean':
        return context.dump(handle) as boolean;
      case 'bigint':
        return String(context.getBigInt(handle));
      case 'object':
        break;
      default:
        return undefined; // undefined, functions, symbols
    }
    return this.outJson(handle);
  }

  /** Any sandbox value through the prelude's `out` (JSON, host object references swapped back). */
  private outJson(handle: QuickJSHandle): HostValue {
    const context = this.context;
    const result = context.callFunction(this.prelude.out, context.undefined, handle);
    if (result.error) {
      const error = context.dump(result.error) as { message?: unknown };
      result.error.dispose();
      throw new LinhaiError(
        'js-error',
        `cannot pass this value out of the script: ${String(error?.message ?? error)}`,
      );
    }
    const json =
      context.typeof(result.value) === 'string' ? this.strings.getString(result.value) : 'null';
    result.value.dispose();
    if (!json.includes(escapedRefKey)) return JSON.parse(json) as HostValue;
    return JSON.parse(json, (_key, item: unknown) => {
      if (item !== null && typeof item === 'object' && hostRefKey in item) {
        return this.lookup((item as Record<string, number>)[hostRefKey] ?? -1);
      }
      return item;
    }) as HostValue;
  }
}

function containsHostObject(value: object): boolean {
  if (value instanceof HostObject) return true;
  for (const item of Object.values(value)) {
    if (item !== null && typeof item === 'object' && containsHostObject(item)) return true;
  }
  return false;
}
