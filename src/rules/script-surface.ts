/**
 * What a book-source script can call on each kind of value Linhai hands it, read off the real
 * objects (the `java` object, the Jsoup shim, element facades, responses) and the sandbox
 * prelude's lists and strings. The source classifier checks the calls it finds in scripts against
 * this, so "implemented" means exactly what the engine provides.
 */
import {
  HostObject,
  createPureJavaHelpers,
  javaListMethodNames,
  javaStringMethodNames,
} from './js/index.ts';
import { facadeMethodNames } from './element-facade.ts';
import type { JsModule } from './element-facade.ts';
import { javaObject, jsoupShim } from './js-bridge.ts';
import type { ScriptAnalyzer } from './js-bridge.ts';
import { responseObject, unavailableJavaHelpers } from './java-extras.ts';
import { createVariableStore } from './variables.ts';

/** Kinds of values scripts call methods on. */
export type ScriptValueKind =
  'java' | 'Jsoup' | 'Document' | 'Element' | 'Elements' | 'List' | 'String' | 'Response';

function methodsOf(object: unknown): string[] {
  const members = (object as HostObject).members;
  return Object.keys(members).filter((name) => typeof members[name] === 'function');
}

/** A stand-in analyzer: the objects are only built to read their method names, never called. */
const idle: ScriptAnalyzer = {
  content: undefined,
  baseUrl: undefined,
  ctx: { variables: createVariableStore() },
  getString: () => Promise.resolve(''),
  getStringList: () => Promise.resolve([]),
  getElements: () => Promise.resolve([]),
  setContent: () => undefined,
  htmlRoot: () => {
    throw new Error('not used');
  },
};

function protoMethods(proto: object): string[] {
  return Object.getOwnPropertyNames(proto).filter(
    (name) => typeof (proto as Record<string, unknown>)[name] === 'function',
  );
}

let surface: Readonly<Record<ScriptValueKind, ReadonlySet<string>>> | undefined;

/** The methods implemented per kind. Helpers that only say "needs a browser" are not counted. */
export function scriptSurface(): Readonly<Record<ScriptValueKind, ReadonlySet<string>>> {
  if (surface) return surface;
  const js = {
    HostObject,
    createPureJavaHelpers,
  } as unknown as JsModule;
  const unavailable = new Set(Object.keys(unavailableJavaHelpers));
  const element = new Set(facadeMethodNames);
  surface = {
    java: new Set(methodsOf(javaObject(js, idle)).filter((name) => !unavailable.has(name))),
    Jsoup: new Set(methodsOf(jsoupShim(js, idle))),
    Document: element,
    Element: element,
    Elements: element,
    List: new Set([...protoMethods(Array.prototype), ...javaListMethodNames]),
    String: new Set([...protoMethods(String.prototype), ...javaStringMethodNames]),
    Response: new Set(
      methodsOf(responseObject(js, { url: '', status: 200, headers: {}, text: '' })),
    ),
  };
  return surface;
}
