/**
 * The values and interfaces that cross between the rule engine and the JavaScript sandbox.
 * These names are the contract with the rule engine (src/rules/): change them only together.
 */

/** A JSON-like value crossing the sandbox boundary, or a host object the script can call methods on. */
export type HostValue =
  | null
  | undefined
  | boolean
  | number
  | string
  | HostValue[]
  | { [key: string]: HostValue }
  | HostObject;

/** A host-side function a script may call; it may be async (e.g. java.ajax goes to the network). */
export type HostFunction = (...args: HostValue[]) => HostValue | Promise<HostValue>;

/**
 * A host-side object exposed to scripts as an object whose methods call back into the host.
 * Used for Legado's `java` object and for JSoup-shaped element lists (`.size()`, `.get(i)`,
 * `.select()`, `.attr()`, `.text()`, `.html()`, `.toString()`): a method returning another
 * HostObject gives the script another such object. Properties (non-function values) are copied in
 * as plain values. Members are read when the object enters the sandbox.
 */
export class HostObject {
  constructor(
    readonly members: Record<string, HostFunction | HostValue>,
    readonly label?: string,
  ) {}
}

/**
 * A binding converted into the sandbox only when the script reads it, once per run: most scripts
 * never read `src` (the whole page) or `java`, and converting them cost three quarters of a call.
 */
export class LazyBinding {
  #made = false;
  #value: HostValue;

  constructor(private readonly make: () => HostValue) {}

  get value(): HostValue {
    if (!this.#made) {
      this.#value = this.make();
      this.#made = true;
    }
    return this.#value;
  }
}

export interface ScriptRun {
  /** The script; its value is the value of the last expression statement. */
  code: string;
  /** result, baseUrl, src, key, page, book, chapter, source, title, java, cookie, cache... */
  bindings: Record<string, HostValue | LazyBinding>;
  /** Default 1000 (or the sandbox's default); past it the run throws LinhaiError('js-timeout'). */
  timeLimitMs?: number;
}

export interface Sandbox {
  /** Runs a script; host functions may be async (e.g. java.ajax goes to the network) and look synchronous to the script. */
  run(run: ScriptRun): Promise<HostValue>;
  /** Synchronous evaluation for pure expressions with plain-value bindings (JSONPath filters); no async host calls allowed. */
  runSync(run: ScriptRun): HostValue;
  /** Loads a source's `jsLib` once per sandbox so later runs see its functions. */
  loadLibrary(code: string): void;
  /**
   * The sandbox of one source: its own QuickJS contexts (sharing this sandbox's WebAssembly), so
   * no two sources ever share a context; the same key gives the same sandbox while it is kept.
   */
  forSource(key: string): Sandbox;
  dispose(): void;
}

export interface SandboxOptions {
  /** Memory for one script context (QuickJS heap and WASM linear memory); default 32 MiB. */
  memoryLimitBytes?: number;
  /** QuickJS stack limit; default 128 KiB (larger values let deep recursion overflow Node's own stack). */
  stackLimitBytes?: number;
  /** Default time budget per run when the run does not set one; default 1000 ms. */
  timeLimitMs?: number;
}
