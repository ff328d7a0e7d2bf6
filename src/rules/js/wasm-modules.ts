/**
 * Loads QuickJS WebAssembly modules. Each module gets its own capped WebAssembly.Memory: QuickJS's
 * own memory limit does not count large strings and typed arrays in these builds
 * (quickjs-emscripten issue #271), so the memory cap is what stops a memory bomb. The compiled
 * WebAssembly.Module is cached per process, so a new module only costs an instantiation.
 *
 * The asyncify build is compiled by V8's baseline compiler only (Liftoff). Once V8's optimizing
 * compiler (TurboFan) takes over its interpreter function, every JavaScript call level inside
 * QuickJS takes about 20 KB of Node's stack, so a 50-deep recursion kills the engine with
 * "Maximum call stack size exceeded" (measured on Node 20 / V8 11.3 with --no-liftoff). Liftoff
 * code needs about 0.4 KB a level. V8 fixes the tiering choice when a module is compiled, so the
 * flag is switched on only around that one synchronous compile.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { LinhaiError } from '#model';
import {
  newQuickJSAsyncWASMModuleFromVariant,
  newQuickJSWASMModuleFromVariant,
  newVariant,
} from 'quickjs-emscripten-core';
import type {
  QuickJSAsyncVariant,
  QuickJSAsyncWASMModule,
  QuickJSSyncVariant,
  QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import asyncifyImport from '@jitl/quickjs-wasmfile-release-asyncify';
import syncImport from '@jitl/quickjs-wasmfile-release-sync';

// The variant packages type themselves as CommonJS; under ESM their default export is the variant.
const asyncifyVariant = asyncifyImport as unknown as QuickJSAsyncVariant;
const syncVariant = syncImport as unknown as QuickJSSyncVariant;

const require = createRequire(import.meta.url);
const compiled = new Map<string, Promise<WebAssembly.Module>>();

function compiledModule(packageName: string, baselineOnly: boolean): Promise<WebAssembly.Module> {
  let module = compiled.get(packageName);
  if (module === undefined) {
    module = readFile(require.resolve(`${packageName}/wasm`)).then((file) => {
      const bytes = new Uint8Array(file); // a copy over a plain ArrayBuffer, as BufferSource wants
      return baselineOnly ? compileBaselineOnly(bytes) : WebAssembly.compile(bytes);
    });
    compiled.set(packageName, module);
    module.catch(() => compiled.delete(packageName)); // a failed compile is tried again next time
  }
  return module;
}

function compileBaselineOnly(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  if (process.execArgv.includes('--liftoff-only')) return new WebAssembly.Module(bytes);
  setFlagsFromString('--liftoff-only');
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    setFlagsFromString('--no-liftoff-only');
  }
}

const pageBytes = 64 * 1024;
/** The emscripten builds start with 16 MiB of linear memory; the cap cannot be below that. */
const initialPages = 256;
/** Room beyond the script heap for QuickJS's own structures, stacks and the host's strings. */
const headroomBytes = 16 * 1024 * 1024;

function cappedMemory(memoryLimitBytes: number): WebAssembly.Memory {
  const maximum = Math.max(initialPages, Math.ceil((memoryLimitBytes + headroomBytes) / pageBytes));
  return new WebAssembly.Memory({ initial: initialPages, maximum });
}

/** WebAssembly failures (e.g. no address space left for another memory) as a LinhaiError. */
async function starting<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new LinhaiError('internal', 'could not start a JavaScript engine', { cause: error });
  }
}

/** An asyncify module: host functions may return promises; one suspended call at a time per module. */
export function loadAsyncifyModule(memoryLimitBytes: number): Promise<QuickJSAsyncWASMModule> {
  return starting(async () => {
    const wasmModule = await compiledModule('@jitl/quickjs-wasmfile-release-asyncify', true);
    const variant = newVariant(asyncifyVariant, {
      wasmModule,
      wasmMemory: cappedMemory(memoryLimitBytes),
    });
    return newQuickJSAsyncWASMModuleFromVariant(variant);
  });
}

/** A sync module: runtimes can be created in it synchronously; host functions must be synchronous. */
export function loadSyncModule(memoryLimitBytes: number): Promise<QuickJSWASMModule> {
  return starting(async () => {
    const wasmModule = await compiledModule('@jitl/quickjs-wasmfile-release-sync', false);
    const variant = newVariant(syncVariant, {
      wasmModule,
      wasmMemory: cappedMemory(memoryLimitBytes),
    });
    return newQuickJSWASMModuleFromVariant(variant);
  });
}
