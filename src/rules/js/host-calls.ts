/**
 * Routes `__linhaiHostCall(id, member, ...args)` from wrapper methods in the sandbox to host
 * objects. During a sync-first run it records every call's outcome; when a host function returns a
 * promise there, it stops the run so the sandbox can replay it on an asyncify engine, where the
 * recorded outcomes are handed back in order (side effects happen once; the pending promise is
 * awaited, not re-issued).
 */
import type { QuickJSContext, QuickJSHandle, VmCallResult } from 'quickjs-emscripten-core';
import { LinhaiError } from '#model';
import type { Marshal } from './marshal.ts';
import type { HostValue } from './types.ts';

export type HostCallResult = QuickJSHandle | VmCallResult<QuickJSHandle>;

/** What one host call gave, kept so a run moved to an asyncify engine can replay it exactly. */
export interface HostCallRecord {
  name: string;
  outcome: { value: HostValue } | { error: unknown } | { promise: Promise<HostValue> };
}

/** Host calls one run may make: stops scripts that flood the host (e.g. `while (1) java.log(x)`). */
const maxHostCalls = 100_000;
const movedMessage = 'run moved to an async engine';

export class HostCalls {
  /** Host errors thrown into the script this run; its error objects carry their index. */
  hostErrors: unknown[] = [];
  /** Set when the run must end whatever the script catches (the interrupt handler ends it). */
  stopped: LinhaiError | undefined;
  /** A sync-first run met an async host function: `records` holds the calls to replay. */
  movedToAsync = false;
  records: HostCallRecord[] | undefined;
  private replay: HostCallRecord[] = [];
  private callIndex = 0;
  private count = 0;

  constructor(
    private readonly context: QuickJSContext,
    private readonly marshal: Marshal,
    private readonly isAsync: boolean,
    /** Adds awaited host time back to the script's deadline. */
    private readonly credit: (ms: number) => void,
    /** The run's budget when it is spent (sync host time counts), else undefined. */
    private readonly overBudget: () => number | undefined = () => undefined,
  ) {}

  begin(options: { record: boolean; replay?: HostCallRecord[] }): void {
    this.records = options.record ? [] : undefined;
    this.replay = options.replay ?? [];
  }

  end(): void {
    this.hostErrors = [];
    this.stopped = undefined;
    this.movedToAsync = false;
    this.records = undefined;
    this.replay = [];
    this.callIndex = 0;
    this.count = 0;
  }

  call(handles: QuickJSHandle[]): HostCallResult | Promise<HostCallResult> {
    const started = performance.now();
    if (this.movedToAsync) return this.failure(new Error(movedMessage));
    if (++this.count > maxHostCalls) {
      this.stopped = new LinhaiError(
        'js-error',
        `the script made more than ${maxHostCalls} host calls`,
      );
      return this.failure(this.stopped);
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
      return this.failure(error);
    }
    if (!(result instanceof Promise)) {
      this.records?.push({ name, outcome: { value: result } });
      // QuickJS polls its interrupt handler only every ~10,000 operations: a loop of a few slow
      // host calls (300 × cache.put of 1 MiB: 3 s) never reached it. End the run here instead.
      const limitMs = this.overBudget();
      if (limitMs !== undefined) {
        this.stopped = new LinhaiError(
          'js-timeout',
          `the script ran past its ${limitMs} ms budget (in ${name}())`,
          { details: { limitMs } },
        );
        return this.failure(this.stopped);
      }
      return this.success(result);
    }
    if (!this.isAsync) {
      result.catch(() => undefined); // awaited by the replay, or dropped
      if (this.records === undefined) {
        return this.failure(
          new LinhaiError('js-error', `${name}() is asynchronous and cannot run in runSync`),
        );
      }
      this.records.push({ name, outcome: { promise: result } });
      this.movedToAsync = true;
      return this.failure(new Error(movedMessage));
    }
    return result.then(
      (value) => this.success(value, started),
      (error: unknown) => this.failure(error, started),
    );
  }

  /**
   * `waitedSince` is set for awaited (async) host calls: time spent waiting on I/O is budgeted by
   * the host (network timeouts, guards), so it is added back to the script's deadline. Time in a
   * synchronous host function is work the script asked for and counts against its budget.
   */
  private success(value: HostValue, waitedSince?: number): HostCallResult {
    if (waitedSince !== undefined) this.credit(performance.now() - waitedSince);
    try {
      return this.marshal.toHandle(value);
    } catch (error) {
      return this.failure(error);
    }
  }

  /** The host error as a catchable Error in the script (a LinhaiError keeps its `code`). */
  private failure(error: unknown, waitedSince?: number): HostCallResult {
    if (waitedSince !== undefined) this.credit(performance.now() - waitedSince);
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
