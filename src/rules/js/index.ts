// The JavaScript sandbox for book-source scripts: `@js:`, `<js>…</js>`, `{{…}}`, jsLib.
export { HostObject, LazyBinding } from './types.ts';
export type { HostFunction, HostValue, Sandbox, SandboxOptions, ScriptRun } from './types.ts';
export { createSandbox } from './sandbox.ts';
export { createPureJavaHelpers } from './java-helpers.ts';
export { javaListMethodNames, javaStringMethodNames } from './prelude.ts';
