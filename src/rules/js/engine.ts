/**
 * One QuickJS runtime and context with the prelude installed: binds a run's variables, evaluates
 * the script under a deadline, routes host calls, and maps failures to LinhaiError codes. An
 * engine runs one script at a time; the sandbox keeps a pool of them for nested and concurrent runs.
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
import { Marshal } from './marshal.ts';
import type { PreludeHandles } from './marshal.ts';
import { hostCallGlobal, preludeSource } from './prelude.ts';
import { HostObject } from './types.ts';
import type { HostValue, ScriptRun } from './types.ts';
import { mapScriptError } from './errors.ts';

export interface EngineLimits {
  memoryLimitBytes: number;
  stackLimitBytes: number;
  timeLimitMs: number;
}

type HostCallResult = QuickJSHandle | VmCallResult<QuickJSHandle>;

/** What one host call gave, kept so a run moved to an asyncify engine can replay it exactly. */
export interface HostCallRecord {
  name: string;
  outcome: { value: HostValue } | { error: unknown } | { promise: Promise<HostValue> };
}

/** A sync-engine run stopped because a host function returned a promise; replay it on an asyncify engine. */
export class NeedsAsync {
  constructor(readonly records: HostCallRecord[]) {}
}

const evalOptions = { type: 'global' } as const;
/** Host calls one run may make: stops scripts that flood the host (e.g. `while (1) java.log(x)`). */
const maxHostCalls = 100_000;

/** Block scope, so top-level `let`/`const` can be declared again by the next run in this context. */
function wrapScript(code: string): string {
  return `{\n${code}\n}`;
}

export class Engine {
  busy = false;
  /** The WASM module failed underneath QuickJS (e.g. Node's own stack ran out); never reuse it. */
  broken = false;
  librariesApplied = 0;
  private runtime!: QuickJSRuntime;
  private context!: QuickJSContext;
  private prelude!: PreludeHandles;
  private marshal!: Marshal;
  private deadline = Infinity;
  private timedOut = false;
  private hostErrors: unknown[] = [];
  private boundNames = new Set<string>();
  /** Host calls of the current run: recorded (sync-first runs) or replayed (asyncify runs). */
  private records: HostCallRecord[] | undefined;
  private replay: HostCallRecord[] = [];
  private callIndex = 0;
  private abortedForAsync = false;
  private hostCalls = 0;
  /** Set when the run must end whatever the script catches; the interrupt handler ends it. */
  private stopped: LinhaiError | undefined;
  private readonly boundObjects = new Map<string, { object: HostObject; id: number }>();

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
      if (this.abortedForAsync || this.stopped !== undefined) return true;
      if (performance.now() <= this.deadline) return false;
      this.timedOut = true;
      return true;
    });
    const context = runtime.newContext();
    const call = (...args: QuickJSHandle[]) => this.hostCall(args);
    const hostCall = this.isAsync
      ? (context as QuickJSAsyncContext).newAsyncifiedFunction(
          hostCallGlobal,
          call as (...args: QuickJSHandle[]) => Promise<HostCallResult>,
        )
      : context.newFunction(hostCallGlobal, call as (...args: QuickJSHandle[]) => HostCallResult);
    context.setProp(context.global, hostCallGlobal, hostCall);
    hostCall.dispose();
    const api = context.unwrapResult(context.evalCode(preludeSource, 'prelude.js', evalOptions));
    this.prelude = {
      wrap: context.getProp(api, 'wrap'),
      out: context.getProp(api, 'out'),
      parse: context.getProp(api, 'parse'),
    };
    api.dispose();
    this.runtime = runtime;
    this.context = context;
    this.marshal = new Marshal(context, this.prelude, Math.floor(this.limits.memoryLimitBytes / 4));
  }

  /** Drops everything the scripts left behind (after a memory failure): a fresh runtime. */
  reset(): void {
    this.dispose();
    this.librariesApplied = 0;
    this.boundNames = new Set();
    this.boundObjects.clear();
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
      this.marshal.dispose();
      for (const handle of Object.values(this.prelude)) handle.dispose();
      this.context.dispose();
      this.runtime.dispose();
    } catch {
      this.broken = true;
    }
  }

  /** Evaluates jsLib code in the global scope, so later runs see its functions. */
  applyLibraries(libraries: readonly string[]): void {
    while (this.librariesApplied < libraries.length) {
      const code = libraries[this.librariesApplied] ?? '';
      this.timedOut = false;
      this.deadline = performance.now() + this.limits.timeLimitMs;
      try {
        const result = this.context.evalCode(code, 'jsLib.js', evalOptions);
        this.settle(result, this.limits.timeLimitMs);
      } finally {
        this.endRun();
      }
      this.librariesApplied++;
    }
  }

  /**
   * Runs on this (sync) engine. With `recordForAsync`, a host function that returns a promise
   * stops the run (uncatchably, through the interrupt handler) and the result is NeedsAsync with
   * the host calls so far; without it, such a call is an error.
   */
  runSync(run: ScriptRun, recordForAsync = false): HostValue | NeedsAsync {
    try {
      const limit = this.evaluate(() => this.beginRun(run));
      this.records = recordForAsync ? [] : undefined;
      const result = this.evaluate(() =>
        this.context.evalCode(wrapScript(run.code), 'script.js', evalOptions),
      );
      if (this.abortedForAsync && this.records !== undefined) {
        (result.error ?? result.value).dispose();
        return new NeedsAsync(this.records);
      }
      return this.settle(result, limit);
    } finally {
      this.endRun();
    }
  }

  /** Runs on this (asyncify) engine, first replaying `replay` (host calls a sync attempt already made). */
  async run(run: ScriptRun, replay: HostCallRecord[] = []): Promise<HostValue> {
    const context = this.context as QuickJSAsyncContext;
    try {
      const limit = this.evaluate(() => this.beginRun(run));
      this.replay = replay;
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
    this.bind(run.bindings);
    const limit = run.timeLimitMs ?? this.limits.timeLimitMs;
    this.timedOut = false;
    this.hostErrors = [];
    this.deadline = performance.now() + limit;
    return limit;
  }

  private endRun(): void {
    this.deadline = Infinity;
    this.hostErrors = [];
    this.records = undefined;
    this.replay = [];
    this.callIndex = 0;
    this.abortedForAsync = false;
    this.hostCalls = 0;
    this.stopped = undefined;
    this.marshal.endRun();
  }

  /** The run's value, or the LinhaiError for its failure. Disposes the result's handle. */
  private settle(result: VmCallResult<QuickJSHandle>, limitMs: number): HostValue {
    if (this.stopped !== undefined) {
      (result.error ?? result.value).dispose();
      throw this.stopped;
    }
    if (result.error) {
      const error = mapScriptError(this.context, result.error, {
        timedOut: this.timedOut,
        limitMs,
        hostErrors: this.hostErrors,
      });
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
      if (this.runtime.hasPendingJob()) {
        const jobs = this.runtime.executePendingJobs();
        if (jobs.error) jobs.error.dispose();
      }
      return this.settledValue(result.value, limitMs);
    } finally {
      result.value.dispose();
    }
  }

  /** A script whose value is a promise (an async IIFE) gives the promise's result. */
  private settledValue(handle: QuickJSHandle, limitMs: number): HostValue {
    if (this.context.typeof(handle) !== 'object') return this.marshal.fromHandle(handle);
    const state = this.context.getPromiseState(handle);
    if (state.type === 'fulfilled' && state.notAPromise) return this.marshal.fromHandle(handle);
    if (state.type === 'pending') {
      throw new LinhaiError('js-error', 'the script returned a promise that never settled');
    }
    if (state.type === 'rejected') {
      const error = mapScriptError(this.context, state.error, {
        timedOut: this.timedOut,
        limitMs,
        hostErrors: this.hostErrors,
      });
      state.error.dispose();
      throw error;
    }
    try {
      return this.marshal.fromHandle(state.value);
    } finally {
      state.value.dispose();
    }
  }

  /** Sets this run's variables as globals; host objects bound under the same name are reused. */
  private bind(bindings: Record<string, HostValue>): void {
    const context = this.context;
    for (const name of this.boundNames) {
      if (Object.hasOwn(bindings, name)) continue;
      this.setGlobal(name, context.undefined);
      const previous = this.boundObjects.get(name);
      if (previous !== undefined) this.marshal.forget(previous.id);
      this.boundObjects.delete(name);
    }
    this.boundNames = new Set(Object.keys(bindings));
    for (const [name, value] of Object.entries(bindings)) {
      const previous = this.boundObjects.get(name);
      if (previous !== undefined) {
        if (previous.object === value) continue;
        this.marshal.forget(previous.id);
        this.boundObjects.delete(name);
      }
      if (value instanceof HostObject) {
        const { handle, id } = this.marshal.wrap(value, true);
        this.boundObjects.set(name, { object: value, id });
        this.setGlobal(name, handle);
      } else {
        this.setGlobal(name, this.marshal.toHandle(value));
      }
    }
  }

  private setGlobal(name: string, handle: QuickJSHandle): void {
    this.context.setProp(this.context.global, name, handle);
    handle.dispose();
  }

  /** `__linhaiHostCall(id, member, ...args)` from a wrapper method inside the sandbox. */
  private hostCall(handles: QuickJSHandle[]): HostCallResult | Promise<HostCallResult> {
    const started = performance.now();
    if (this.abortedForAsync) return this.hostFailure(new Error('run moved to an async engine'));
    if (++this.hostCalls > maxHostCalls) {
      this.stopped = new LinhaiError(
        'js-error',
        `the script made more than ${maxHostCalls} host calls`,
      );
      return this.hostFailure(this.stopped);
    }
    let name = '';
    let result: HostValue | Promise<HostValue>;
    try {
      const [idHandle, nameHandle, ...argHandles] = handles;
      if (idHandle === undefined || nameHandle === undefined) throw new Error('bad host call');
      const target = this.marshal.lookup(this.context.getNumber(idHandle));
      name = this.context.getString(nameHandle);
      const replayed = this.replay[this.callIndex++];
      if (replayed !== undefined && replayed.name === name) {
        const outcome = replayed.outcome;
        if ('error' in outcome) throw outcome.error;
        result = 'value' in outcome ? outcome.value : outcome.promise;
      } else {
        this.replay = []; // the script took another path: from here on, call the host live
        const member = Object.hasOwn(target.members, name) ? target.members[name] : undefined;
        if (typeof member !== 'function') throw new TypeError(`${name} is not a function`);
        const args = argHandles.map((handle) => this.marshal.fromHandle(handle));
        result = member.apply(target.members, args);
      }
    } catch (error) {
      this.records?.push({ name, outcome: { error } });
      return this.hostFailure(error);
    }
    if (!(result instanceof Promise)) {
      this.records?.push({ name, outcome: { value: result } });
      return this.hostSuccess(result);
    }
    if (!this.isAsync) {
      result.catch(() => undefined); // awaited by the replay, or dropped
      if (this.records !== undefined) {
        this.records.push({ name, outcome: { promise: result } });
        this.abortedForAsync = true;
        return this.hostFailure(new Error('run moved to an async engine'));
      }
      const error = new LinhaiError(
        'js-error',
        `${name}() is asynchronous and cannot run in runSync`,
      );
      return this.hostFailure(error);
    }
    return result.then(
      (value) => this.hostSuccess(value, started),
      (error: unknown) => this.hostFailure(error, started),
    );
  }

  /**
   * `waitedSince` is set for awaited (async) host calls: time spent waiting on I/O is budgeted by
   * the host (network timeouts, guards), so it is added back to the script's deadline. Time in a
   * synchronous host function is work the script asked for and counts against its budget.
   */
  private hostSuccess(value: HostValue, waitedSince?: number): HostCallResult {
    if (waitedSince !== undefined) this.deadline += performance.now() - waitedSince;
    try {
      return this.marshal.toHandle(value);
    } catch (error) {
      return this.hostFailure(error);
    }
  }

  private hostFailure(error: unknown, waitedSince?: number): HostCallResult {
    if (waitedSince !== undefined) this.deadline += performance.now() - waitedSince;
    const context = this.context;
    const isLinhai = error instanceof LinhaiError;
    const handle = context.newError({
      name: isLinhai ? 'LinhaiError' : error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
    });
    if (isLinhai) {
      const code = context.newString(error.code);
      context.setProp(handle, 'code', code);
      code.dispose();
    }
    const index = context.newNumber(this.hostErrors.push(error) - 1);
    context.setProp(handle, 'hostErrorIndex', index);
    index.dispose();
    return { error: handle };
  }
}
