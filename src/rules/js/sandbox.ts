/**
 * The sandbox the rule engine holds per book source: a pool of QuickJS engines. `run` uses asyncify
 * engines (host functions may return promises; each engine has its own WASM module because a
 * module can have only one suspended call); `runSync` uses engines in one sync-variant module,
 * created synchronously when runs nest. A script whose host function runs another script gets
 * another engine, so its bindings and deadline are not disturbed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';
import { LinhaiError } from '#model';
import { Engine, NeedsAsync } from './engine.ts';
import type { EngineLimits } from './engine.ts';
import { loadAsyncifyModule, loadSyncModule } from './wasm-modules.ts';
import type { HostValue, Sandbox, SandboxOptions, ScriptRun } from './types.ts';

const defaults: EngineLimits = {
  memoryLimitBytes: 32 * 1024 * 1024,
  stackLimitBytes: 128 * 1024,
  timeLimitMs: 1000,
};
/** Concurrent top-level async runs per sandbox; more wait for a free engine. Nested runs never
 *  wait (their outer run holds an engine until they finish, so waiting could deadlock). */
const maxAsyncEngines = 8;
/** Idle asyncify engines kept for reuse; more are disposed when released (each holds a WASM memory). */
const idleAsyncEngines = 2;
/** Scripts that run scripts (java.getString on a rule with JS, and so on), counting the first. */
const maxNesting = 4;
/** Sources whose sandboxes are kept; past it the least recently used idle one is disposed. */
const keptSources = 32;

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const limits: EngineLimits = {
    memoryLimitBytes: options.memoryLimitBytes ?? defaults.memoryLimitBytes,
    stackLimitBytes: options.stackLimitBytes ?? defaults.stackLimitBytes,
    timeLimitMs: options.timeLimitMs ?? defaults.timeLimitMs,
  };
  // Asyncify engines are made on first need: many sources never call an async host function.
  return new QuickJSSandbox(limits, await loadSyncModule(limits.memoryLimitBytes));
}

class QuickJSSandbox implements Sandbox {
  private readonly libraries: string[] = [];
  private readonly asyncEngines: Engine[] = [];
  private asyncCreating = 0;
  private readonly waiters: (() => void)[] = [];
  private syncEngines: Engine[] = [];
  private syncModule: QuickJSWASMModule | undefined;
  private readonly nesting = new AsyncLocalStorage<number>();
  private disposed = false;
  /** The sandboxes of sources (forSource), most recently used last. */
  private readonly sources = new Map<string, QuickJSSandbox>();

  constructor(
    private readonly limits: EngineLimits,
    syncModule: QuickJSWASMModule | undefined,
    private readonly parent?: QuickJSSandbox,
  ) {
    this.syncModule = syncModule;
    if (syncModule) this.syncEngines.push(new Engine(syncModule, false, limits));
  }

  forSource(key: string): Sandbox {
    if (this.parent) return this.parent.forSource(key);
    this.assertAlive();
    let sandbox = this.sources.get(key);
    if (sandbox?.disposed) sandbox = undefined;
    this.sources.delete(key);
    // Its own engines (QuickJS contexts) in this sandbox's WebAssembly module: a separate global
    // object and jsLib per source, without a module's memory per source.
    sandbox ??= new QuickJSSandbox(this.limits, this.syncModule, this);
    this.sources.set(key, sandbox);
    for (const [oldKey, old] of this.sources) {
      if (this.sources.size <= keptSources) break;
      if (!old.idle()) continue;
      old.dispose();
      this.sources.delete(oldKey);
    }
    return sandbox;
  }

  /** No run in progress, so disposing it now stops nothing. */
  private idle(): boolean {
    return (
      this.asyncCreating === 0 &&
      !this.syncEngines.some((e) => e.busy) &&
      !this.asyncEngines.some((e) => e.busy)
    );
  }

  async run(run: ScriptRun): Promise<HostValue> {
    const depth = this.enter();
    // Let a host function that started this run return first, so runs never nest on Node's stack.
    await null;
    // Sync engines first: faster, and their compiled code needs far less of Node's stack. Only a
    // run whose host function returns a promise moves to an asyncify engine, replaying its calls.
    const attempt =
      this.syncModule === undefined ? new NeedsAsync([]) : this.runOnSyncEngine(run, depth, true);
    if (!(attempt instanceof NeedsAsync)) return attempt;
    const engine = await this.acquireAsync(depth);
    try {
      engine.applyLibraries(this.libraries);
      return await this.nesting.run(depth, () => engine.run(run, attempt.records));
    } finally {
      this.release(engine);
    }
  }

  runSync(run: ScriptRun): HostValue {
    return this.runOnSyncEngine(run, this.enter(), false) as HostValue;
  }

  private runOnSyncEngine(
    run: ScriptRun,
    depth: number,
    recordForAsync: boolean,
  ): HostValue | NeedsAsync {
    const engine = this.acquireSync(depth);
    try {
      engine.applyLibraries(this.libraries);
      return this.nesting.run(depth, () => engine.runSync(run, recordForAsync));
    } finally {
      this.release(engine);
    }
  }

  loadLibrary(code: string): void {
    this.assertAlive();
    if (this.libraries.includes(code)) return;
    this.libraries.push(code);
    const engine = this.syncEngines.find((candidate) => !candidate.busy && !candidate.broken);
    if (engine === undefined) return; // checked when the next run applies it
    try {
      engine.applyLibraries(this.libraries);
    } catch (error) {
      this.libraries.pop();
      throw error;
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const sandbox of this.sources.values()) sandbox.dispose();
    this.sources.clear();
    for (const engine of [...this.asyncEngines, ...this.syncEngines]) {
      if (!engine.busy) engine.dispose();
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  private enter(): number {
    this.assertAlive();
    const depth = (this.nesting.getStore() ?? 0) + 1;
    if (depth > maxNesting) {
      throw new LinhaiError(
        'js-error',
        `scripts nested more than ${maxNesting} deep (a rule runs a script that runs a rule…)`,
      );
    }
    return depth;
  }

  private assertAlive(): void {
    if (this.disposed) throw new LinhaiError('internal', 'the JavaScript sandbox was disposed');
  }

  private async acquireAsync(depth: number): Promise<Engine> {
    for (;;) {
      this.assertAlive();
      const idle = this.asyncEngines.find((engine) => !engine.busy && !engine.broken);
      if (idle !== undefined) {
        idle.busy = true;
        return idle;
      }
      if (depth > 1 || this.asyncEngines.length + this.asyncCreating < maxAsyncEngines) {
        this.asyncCreating++;
        try {
          const engine = new Engine(
            await loadAsyncifyModule(this.limits.memoryLimitBytes),
            true,
            this.limits,
          );
          engine.busy = true;
          this.asyncEngines.push(engine);
          return engine;
        } finally {
          this.asyncCreating--;
        }
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  private acquireSync(depth: number): Engine {
    const idle = this.syncEngines.find((engine) => !engine.busy && !engine.broken);
    if (idle !== undefined) {
      idle.busy = true;
      return idle;
    }
    if (this.syncModule === undefined) {
      throw new LinhaiError(
        'js-error',
        'the synchronous sandbox is restarting after a crash; try again',
      );
    }
    // A nested sync run shares Node's stack with the runs around it, so it gets a smaller one.
    const limits = {
      ...this.limits,
      stackLimitBytes: Math.floor(this.limits.stackLimitBytes / Math.min(depth, 2)),
    };
    const engine = new Engine(this.syncModule, false, limits);
    engine.busy = true;
    this.syncEngines.push(engine);
    return engine;
  }

  private release(engine: Engine): void {
    engine.busy = false;
    if (engine.broken) this.discard(engine);
    else if (this.disposed) engine.dispose();
    else if (engine.isAsync && this.asyncEngines.filter((e) => !e.busy).length > idleAsyncEngines) {
      this.asyncEngines.splice(this.asyncEngines.indexOf(engine), 1);
      engine.dispose();
    }
    this.waiters.shift()?.();
  }

  private discard(engine: Engine): void {
    if (engine.isAsync) {
      this.asyncEngines.splice(this.asyncEngines.indexOf(engine), 1);
      return;
    }
    // The whole sync module is suspect: replace it and every engine in it, in every source's
    // sandbox that shares it.
    const root = this.parent ?? this;
    const broken = this.syncModule;
    const users = [root, ...root.sources.values()].filter((s) => s.syncModule === broken);
    for (const user of users) {
      user.syncEngines = [];
      user.syncModule = undefined;
    }
    loadSyncModule(this.limits.memoryLimitBytes).then(
      (module) => {
        for (const user of users) {
          if (user.disposed) continue;
          user.syncModule = module;
          user.syncEngines.push(new Engine(module, false, user.limits));
        }
      },
      () => undefined, // runs keep using asyncify engines; runSync reports the restart
    );
  }
}
