/**
 * Strings across the sandbox boundary without quickjs-emscripten's per-character JavaScript loops:
 * its newString measures and encodes UTF-8 in JavaScript and its getString finds the end and
 * decodes with TextDecoder (47 and 55–77 µs CPU for a 3,000-character chapter, most of a bare
 * `@js:` call). Here Node's native encoder writes straight into the module's heap and Buffer
 * decodes (30 and 40 µs). The bytes are the same UTF-8 either way, so NUL and lone surrogates are
 * lost the same way and the marshal's checks still apply. It reaches into the context (its FFI,
 * context pointer and emscripten module, pinned at quickjs-emscripten-core 0.32), checks they are
 * there, and falls back to the public API when a version moved them (heap-strings.test.ts fails
 * then, so the slowdown is noticed).
 */
import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { LinhaiError } from '#model';

export interface StringTransfer {
  /** True when the fast path is in use. */
  readonly direct: boolean;
  /** A new handle for `text` (the caller disposes it). */
  newString(text: string): QuickJSHandle;
  /** The text of a string handle, as UTF-8 decoding gives it (see above). */
  getString(handle: QuickJSHandle): string;
}

/** The internals used, as quickjs-emscripten-core 0.32's QuickJSContext holds them. */
interface ContextInternals {
  ffi: {
    QTS_NewString(context: number, text: number): number;
    QTS_GetString(context: number, value: number): number;
    QTS_FreeCString(context: number, text: number): void;
  };
  ctx: { value: number };
  module: { _malloc(bytes: number): number; _free(pointer: number): void; HEAPU8: Uint8Array };
  memory: { heapValueHandle(pointer: number): QuickJSHandle };
}

const encoder = new TextEncoder();

export function stringTransfer(context: QuickJSContext): StringTransfer {
  const inner = context as unknown as Partial<ContextInternals>;
  const { ffi, ctx, module, memory } = inner;
  if (
    typeof ffi?.QTS_NewString !== 'function' ||
    typeof ffi.QTS_GetString !== 'function' ||
    typeof ffi.QTS_FreeCString !== 'function' ||
    typeof ctx?.value !== 'number' ||
    typeof module?._malloc !== 'function' ||
    typeof module._free !== 'function' ||
    !(module.HEAPU8 instanceof Uint8Array) ||
    typeof memory?.heapValueHandle !== 'function'
  ) {
    return {
      direct: false,
      newString: (text) => context.newString(text),
      getString: (handle) => context.getString(handle),
    };
  }
  const pointer = ctx.value;
  return {
    direct: true,
    newString(text) {
      const bytes = Buffer.byteLength(text);
      const at = module._malloc(bytes + 1);
      if (at === 0) throw new LinhaiError('js-memory', 'the script heap has no room for a string');
      try {
        // HEAPU8 is replaced when the memory grows, so it is read after the allocation.
        const heap = module.HEAPU8;
        encoder.encodeInto(text, heap.subarray(at, at + bytes));
        heap[at + bytes] = 0;
        return memory.heapValueHandle(ffi.QTS_NewString(pointer, at));
      } finally {
        module._free(at);
      }
    },
    getString(handle) {
      const at = ffi.QTS_GetString(pointer, handle.value as number);
      if (at === 0) throw new LinhaiError('js-memory', 'the script heap has no room for a string');
      try {
        const heap = module.HEAPU8;
        const end = heap.indexOf(0, at);
        return Buffer.from(heap.buffer, heap.byteOffset + at, end - at).toString('utf8');
      } finally {
        ffi.QTS_FreeCString(pointer, at);
      }
    },
  };
}
