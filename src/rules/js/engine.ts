/**
 * One QuickJS runtime and context with the prelude installed: binds a run's variables, evaluates
 * the script under a deadline, and maps failures to LinhaiError codes. An engine runs one script
 * at a time; the sandbox keeps a pool of them for nested and concurrent runs.
 */
import type {
  QuickJSAsyncContext,
  QuickJSAsyncWASMModule,
  QuickJSContext,
  QuickJSHandle,
  QuickJSRuntime,
  QuickJSWASMModule,
  VmCallResult,
} from 'quickjs-emscripten-core';
import { LinhaiError } from '#model';
import { GlobalBindings } from './bindings.ts';
import { CompiledScripts } from './compiled-scripts.ts';
import { mapScriptError } from './errors.ts';
import type { ScriptFile } from './errors.ts';
import { HostCalls } from './host-calls.ts';
import type { HostCallRecord, HostCallResult } from './host-calls.ts';
import { Marshal } from './marshal.ts';
import type { PreludeHandles } from './marshal.ts';
import { hostCallGlobal, preludeSource } from './prelude.ts';
import type { HostValue, ScriptRun } from './types.ts';

export type { HostCallRecord } from './host-calls.ts';

export interface EngineLimits {
  memoryLimitBytes: number;
  stackLimitBytes: number;
  timeLimitMs: number;
}

/** A sync-engine run stopped because a host function returned a promise; replay it on an asyncify engine. */
export class NeedsAsync {
  constructor(readonly records: HostCallRecord[]) {}
}

const evalOptions = { type: 'global' } as const;

/** Block scope, so top-level `let`/`const` can be declared again by the next run in this context. */
function wrapScript(code: string): string {
  return `{\n${code}\n}`;
}

/** The parts of an engine that live as long as one QuickJS runtime. */
interface Session {
  runtime: QuickJSRuntime;
  context: QuickJSContext;
  prelude: PreludeHandles;
  marshal: Marshal;
  calls: HostCalls;
  bindings: GlobalBindings;
  compiled: CompiledScripts;
}

export class Engine {
  busy = false;
  /** The WASM module failed underneath QuickJS (e.g. Node's own stack ran out); never reuse it. */
  broken = false;
  librariesApplied = 0;
  /** The sandbox's jsLib list as last applied, applied again after a reset in the middle of a run. */
  private libraries: readonly string[] = [];
  private session!: Session;
  private deadline = Infinity;
  /** The budget of the run in progress, for the error when a host call finds it spent. */
  private limitMs = 0;
  private timedOut = false;
  /** What error locations refer to: this run's script and the libraries applied so far. */
  private readonly files: Record<string, ScriptFile> = {};

  constructor(
    private readonly module: QuickJSWASMModule | QuickJSAsyncWASMModule,
    readonly isAsync: boolean,
    private readonly limits: EngineLimits,
  ) {
    this.start();
  }

  private start(): void {
    this.deadline = Infinity;
    const runtime = this.module.newRuntime();
    runtime.setMemoryLimit(this.limits.memoryLimitBytes);
    runtime.setMaxStackSize(this.limits.stackLimitBytes);
    runtime.setInterruptHandler(() => {
      // No session yet while the prelude itself runs.
      const calls = (this.session as Session | undefined)?.calls;
      if (calls !== undefined && (calls.movedToAsync || calls.stopped !== undefined)) return true;
      if (performance.now() <= this.deadline) return false;
      this.timedOut = true;
      return true;
    });
    const context = runtime.newContext();
    const call = (...args: QuickJSHandle[]) => this.session.calls.call(args);
    const hostCall = this.isAsync
      ? (context as QuickJSAsyncContext).newAsyncifiedFunction(
          hostCallGlobal,
          call as (...args: QuickJSHandle[]) => Promise<HostCallResult>,
        )
      : context.newFunction(hostCallGlobal, call as (...args: QuickJSHandle[]) => HostCallResult);
    context.setProp(context.global, hostCallGlobal, hostCall);
    hostCall.dispose();
    const api = context.unwrapResult(context.evalCode(preludeSource, 'prelude.js', evalOptions));
    const prelude = {
      wrap: context.getProp(api, 'wrap'),
      out: context.getProp(api, 'out'),
      parse: context.getProp(api, 'parse'),
      begin: context.getProp(api, 'begin'),
      seal: context.getProp(api, 'seal'),
      sweep: context.getProp(api, 'sweep'),
    };
    api.dispose();
    context.unwrapResult(context.callFunction(prelude.seal, context.undefined)).dispose();
    const marshal = new Marshal(context, prelude, Math.floor(this.limits.memoryLimitBytes / 4));
    const calls = new HostCalls(
      context,
      marshal,
      this.isAsync,
      (ms) => (this.deadline += ms),
      () => (performance.now() > this.deadline ? this.limitMs : undefined),
    );
    const bindings = new GlobalBindings(context, marshal, prelude);
    const compiled = new CompiledScripts(context);
    this.session = { runtime, context, prelude, marshal, calls, bindings, compiled };
  }

  /** Drops everything the scripts left behind (after a memory failure): a fresh runtime. */
  reset(): void {
    this.dispose();
    this.librariesApplied = 0;
    for (const name of Object.keys(this.files)) delete this.files[name];
    try {
      this.start();
    } catch {
      this.broken = true;
    }
  }

  dispose(): void {
    // A broken engine's WASM state is unknown, and an asyncify engine owns its module: in both
    // cases the module is simply dropped (freeing an asyncify runtime throws, see settle()).
    if (this.broken || this.isAsync) return;
    try {
      const { runtime, context, prelude, marshal, bindings, compiled } = this.session;
      compiled.dispose();
      bindings.dispose();
      marshal.dispose();
      for (const handle of Object.values(prelude)) handle.dispose();
      context.dispose();
      runtime.dispose();
    } catch {
      this.broken = true;
    }
  }

  /** Evaluates jsLib code in the global scope, so later runs see its functions. */
  applyLibraries(libraries: readonly string[]): void {
    this.libraries = libraries;
    // The last run's globals must be gone before a library's are sealed as the source's own.
    if (this.librariesApplied < libraries.length && !this.session.bindings.sweep()) {
      this.reset();
      this.libraries = libraries;
    }
    while (this.librariesApplied < libraries.length) {
      const code = libraries[this.librariesApplied] ?? '';
      this.timedOut = false;
      this.limitMs = this.limits.timeLimitMs;
      this.deadline = performance.now() + this.limits.timeLimitMs;
      const name =
        this.librariesApplied === 0 ? 'jsLib.js' : `jsLib${this.librariesApplied + 1}.js`;
      this.files[name] = { code, label: 'jsLib', firstLine: 1 };
      try {
        const result = this.session.context.evalCode(code, name, evalOptions);
        this.settle(result, this.limits.timeLimitMs);
        this.seal(); // before endRun's sweep: the library's globals are the source's own
      } finally {
        this.endRun();
      }
      this.librariesApplied++;
    }
  }

  /** What the global object now holds is what every later run starts from (see the prelude's sweep). */
  private seal(): void {
    const { context, prelude } = this.session;
    context.unwrapResult(context.callFunction(prelude.seal, context.undefined)).dispose();
  }

  /**
   * Runs on this (sync) engine. With `recordForAsync`, a host function that returns a promise
   * stops the run (uncatchably, through the interrupt handler) and the result is NeedsAsync with
   * the host calls so far; without it, such a call is an error.
   */
  runSync(run: ScriptRun, recordForAsync = false): HostValue | NeedsAsync {
    try {
      const limit = this.evaluate(() => this.beginRun(run));
      const calls = this.session.calls;
      calls.begin({ record: recordForAsync });
      const result = this.evaluate(() => {
        const { context, compiled } = this.session;
        const script = compiled.get(run.code, 'script.js');
        return script === undefined
          ? context.evalCode(wrapScript(run.code), 'script.js', evalOptions)
          : context.callFunction(script, context.undefined);
      });
      if (calls.movedToAsync && calls.records !== undefined) {
        (result.error ?? result.value).dispose();
        return new NeedsAsync(calls.records);
      }
      return this.settle(result, limit);
    } finally {
      this.endRun();
    }
  }

  /** Runs on this (asyncify) engine, first replaying `replay` (host calls a sync attempt already made). */
  async run(run: ScriptRun, replay: HostCallRecord[] = []): Promise<HostValue> {
    const context = this.session.context as QuickJSAsyncContext;
    try {
      const limit = this.evaluate(() => this.beginRun(run));
      this.session.calls.begin({ record: false, replay });
      let result;
      try {
        result = await context.evalCodeAsync(wrapScript(run.code), 'script.js', evalOptions);
      } catch (error) {
        throw this.crashed(error);
      }
      return this.settle(result, limit);
    } finally {
      this.endRun();
    }
  }

  /** Runs `evaluate`; a WASM trap or a stack overflow under it means the engine is unusable. */
  private evaluate<T>(evaluate: () => T): T {
    try {
      return evaluate();
    } catch (error) {
      if (error instanceof LinhaiError) throw error;
      throw this.crashed(error);
    }
  }

  private crashed(error: unknown): LinhaiError {
    this.broken = true;
    const message = error instanceof Error ? error.message : String(error);
    return new LinhaiError(
      'js-error',
      `the script crashed its sandbox (${message}); a new one will be used`,
      {
        cause: error,
      },
    );
  }

  private beginRun(run: ScriptRun): number {
    if (!this.session.bindings.bind(run.bindings)) {
      // The last run left a global the sweep could not remove: start from a fresh context.
      this.reset();
      if (this.broken) throw this.crashed(new Error('the engine could not restart'));
      this.applyLibraries(this.libraries);
      if (!this.session.bindings.bind(run.bindings)) {
        throw this.crashed(new Error('the bindings could not be set'));
      }
    }
    this.files['script.js'] = { code: run.code, label: 'script', firstLine: 2 };
    const limit = run.timeLimitMs ?? this.limits.timeLimitMs;
    this.timedOut = false;
    this.limitMs = limit;
    this.deadline = performance.now() + limit;
    return limit;
  }

  /** The run's globals stay until the next run's binding step sweeps them (one call, not two):
   *  no script runs in this context before that sweep, and a jsLib is applied only after it. */
  private endRun(): void {
    this.deadline = Infinity;
    this.session.calls.end();
    this.session.marshal.endRun();
  }

  /** The run's value, or the LinhaiError for its failure. Disposes the result's handle. */
  private settle(result: VmCallResult<QuickJSHandle>, limitMs: number): HostValue {
    const { calls, runtime } = this.session;
    if (calls.stopped !== undefined) {
      (result.error ?? result.value).dispose();
      throw calls.stopped;
    }
    if (result.error) {
      const error = this.failure(result.error, limitMs);
      result.error.dispose();
      // An asyncify runtime cannot be freed cleanly (quickjs-emscripten 0.32 drops its callbacks
      // before freeing it), and its module is its own: retire the engine instead of resetting it.
      if (error.code === 'js-memory') {
        if (this.isAsync) this.broken = true;
        else this.reset();
      }
      throw error;
    }
    try {
      if (runtime.hasPendingJob()) {
        const jobs = runtime.executePendingJobs();
        if (jobs.error) jobs.error.dispose();
      }
      return this.settledValue(result.value, limitMs);
    } finally {
      result.value.dispose();
    }
  }

  private failure(errorHandle: QuickJSHandle, limitMs: number): LinhaiError {
    return mapScriptError(this.session.context, errorHandle, {
      timedOut: this.timedOut,
      limitMs,
      hostErrors: this.session.calls.hostErrors,
      files: this.files,
    });
  }

  /** A script whose value is a promise (an async IIFE) gives the promise's result. */
  private settledValue(handle: QuickJSHandle, limitMs: number): HostValue {
    const { context, marshal } = this.session;
    if (context.typeof(handle) !== 'object') return marshal.fromHandle(handle);
    const state = context.getPromiseState(handle);
    if (state.type === 'fulfilled' && state.notAPromise) return marshal.fromHandle(handle);
    if (state.type === 'pending') {
      throw new LinhaiError('js-error', 'the script returned a promise that never settled');
    }
    if (state.type === 'rejected') {
      const error = this.failure(state.error, limitMs);
      state.error.dispose();
      throw error;
    }
    try {
      return marshal.fromHandle(state.value);
    } finally {
      state.value.dispose();
    }
  }
}
