/**
 * What scripts see as `source`, `cookie` and `cache` (docs/legado-rules.md §2.5, §3.10): the
 * source's fields plus Legado's methods `getKey()`, `getVariable()/setVariable()`, `put/get`
 * (source-level variables); the login helpers (`getLoginInfo`, `getLoginInfoMap`,
 * `putLoginInfo`, `login`) work when the driver has the source's login (login.ts), else they
 * fail with `capability-missing`. `cookie`: reads go through the rule host, writes are logged and
 * dropped (the network layer owns the jar and has no write API yet). `cache`: a bounded in-memory map per
 * driver (script-cache.ts).
 */
import { LinhaiError } from '#model';
import { HostObject, LazyBinding } from '#rules';
import { ScriptCache } from './script-cache.ts';
import { createVariableStore } from '#rules';
import type { VariableStore } from '#rules';
import type { BindingKind } from './script-calls.ts';

/** Host members are checked by the sandbox at call time; values here are JSON-like. */
type Members = ConstructorParameters<typeof HostObject>[0];
import type { BookSource } from './types.ts';

const userVariableKey = '__sourceVariable';

/** The driver's side of the login helpers. */
export interface LoginHooks {
  info(): Record<string, string> | undefined;
  put(info: Record<string, string>): void;
  login(): Promise<void>;
}

export function sourceBinding(
  source: BookSource,
  variables: VariableStore,
  hooks?: LoginHooks,
): object {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      fields[key] = value;
  }
  const login = (name: string) => (): never => {
    throw new LinhaiError(
      'capability-missing',
      `source.${name}() needs a login, which Linhai does not support yet`,
      {
        details: { capability: 'login', source: source.bookSourceName },
      },
    );
  };
  return new HostObject(
    {
      ...fields,
      getKey: () => source.bookSourceUrl,
      getTag: () => source.bookSourceName,
      getVariable: () => variables.get(userVariableKey) ?? '',
      setVariable: (value: unknown) => {
        variables.put(userVariableKey, value === null || value === undefined ? '' : String(value));
        return null;
      },
      put: (key: unknown, value: unknown) => {
        variables.put(String(key), String(value));
        return value;
      },
      get: (key: unknown) => variables.get(String(key)) ?? '',
      ...(hooks ? loginMembers(hooks) : {}),
      ...(hooks
        ? {}
        : {
            getLoginInfo: login('getLoginInfo'),
            getLoginInfoMap: login('getLoginInfoMap'),
            login: login('login'),
          }),
      putLoginHeader: login('putLoginHeader'),
      getLoginHeader: () => '',
      getLoginHeaderMap: () => ({}),
    } as Members,
    'BookSource',
  );
}

/** Legado's login helpers over the driver's login (getLoginInfo is JSON text, or null). */
function loginMembers(hooks: LoginHooks): Members {
  return {
    getLoginInfo: () => {
      const info = hooks.info();
      return info ? JSON.stringify(info) : null;
    },
    getLoginInfoMap: () => {
      const info = hooks.info() ?? {};
      // A Java Map in Legado: scripts call .get(name); plain reads of the fields work too.
      return new HostObject({ ...info, get: (name: unknown) => info[String(name)] ?? null });
    },
    putLoginInfo: (json: unknown) => {
      try {
        const value = JSON.parse(String(json)) as Record<string, unknown>;
        hooks.put(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)])));
        return true;
      } catch {
        return false;
      }
    },
    login: () => hooks.login(),
  } as Members;
}

/** `cookie` and `cache` for scripts. */
export function helperBindings(
  source: string,
  log: ((line: string) => void) | undefined,
  getCookie: ((url: string) => Promise<string> | string) | undefined,
): { cookie: object; cache: object } {
  const ignored =
    (name: string) =>
    (...args: unknown[]): null => {
      log?.(
        `cookie.${name}(${args.map((a) => JSON.stringify(a)).join(', ')}) ignored: the cookie jar is read-only to scripts`,
      );
      return null;
    };
  const cookieOf = async (url: unknown): Promise<string> =>
    getCookie ? await getCookie(String(url)) : '';
  const cookie = new HostObject(
    {
      getCookie: cookieOf,
      getKey: async (url: unknown, key: unknown) => {
        const pair = (await cookieOf(url))
          .split(/;\s*/)
          .find((p) => p.startsWith(`${String(key)}=`));
        return pair ? pair.slice(String(key).length + 1) : '';
      },
      setCookie: ignored('setCookie'),
      replaceCookie: ignored('replaceCookie'),
      removeCookie: ignored('removeCookie'),
    },
    'CookieStore',
  );
  const store = new ScriptCache(source);
  const cache = new HostObject(
    {
      put: (key: unknown, value: unknown, seconds?: unknown) => {
        store.put(String(key), value, seconds);
        return null;
      },
      get: (key: unknown) => store.get(String(key)),
      delete: (key: unknown) => {
        store.delete(String(key));
        return null;
      },
    } as Members,
    'CacheManager',
  );
  return { cookie, cache };
}

/** Legado's Book and BookChapter properties; Rhino gives scripts a getter for each (getName()…). */
const entityProperties: Record<'book' | 'chapter', readonly string[]> = {
  book: [
    'name', 'author', 'bookUrl', 'tocUrl', 'origin', 'originName', 'coverUrl', 'intro', 'kind',
    'wordCount', 'latestChapterTitle', 'durChapterTitle', 'durChapterIndex', 'totalChapterNum',
  ],
  chapter: ['title', 'url', 'index', 'baseUrl', 'isVolume', 'isVip', 'isPay', 'tag'],
}; // prettier-ignore

/** Java bean getters for the entity's properties: `getName()` → its name, `getIndex()` → index. */
function beanGetters(name: 'book' | 'chapter', value: Record<string, unknown>): Members {
  const getters: Record<string, () => unknown> = {};
  for (const key of entityProperties[name]) {
    const field = value[key];
    getters[`get${key[0]!.toUpperCase()}${key.slice(1)}`] = () =>
      field ?? (key.endsWith('Index') || key.endsWith('Num') || key === 'index' ? 0 : '');
  }
  getters['getVariableMap'] = () => ({ ...((value['variables'] as object | undefined) ?? {}) });
  return getters as Members;
}

/**
 * `book` and `chapter` as Legado's Book/BookChapter: their fields with a Java getter for each
 * (`getName()`, `getIndex()`…) plus `putVariable(k, v)` and `getVariable(k)` (real sources call
 * them 52 and 26 times), which go to the rule variables as `java.put/get` do;
 * `setReverseToc(b)` is logged, not applied (Linhai keeps the source's order).
 */
export function entityBindings(
  bindings: Record<string, unknown>,
  variables: VariableStore,
  log: ((line: string) => void) | undefined,
): Record<string, unknown> {
  const out = { ...bindings };
  for (const name of ['book', 'chapter'] as const) {
    const value = bindings[name];
    if (
      value === null ||
      typeof value !== 'object' ||
      value instanceof HostObject ||
      value instanceof LazyBinding
    )
      continue;
    let reverseToc = false;
    // Made when a script reads it: a TOC or content rule without a script never needs it.
    out[name] = new LazyBinding(
      () =>
        new HostObject(
          {
            ...(value as Record<string, unknown>),
            ...beanGetters(name, value as Record<string, unknown>),
            putVariable: (key: unknown, item: unknown) => {
              variables.put(String(key), item === null || item === undefined ? '' : String(item));
              return null;
            },
            getVariable: (key: unknown) =>
              key === undefined || key === null ? '' : (variables.get(String(key)) ?? ''),
            getReverseToc: () => reverseToc,
            setReverseToc: (flag: unknown) => {
              reverseToc = flag === true;
              log?.(
                `${name}.setReverseToc(${String(flag)}) noted; Linhai keeps the source's order`,
              );
              return null;
            },
          } as Members,
          name === 'book' ? 'Book' : 'BookChapter',
        ),
    );
  }
  return out;
}

/** The methods of each binding above, read off the objects themselves (for the script scan). */
export function bindingSurface(): Record<BindingKind, ReadonlySet<string>> {
  const methods = (object: unknown): ReadonlySet<string> => {
    const members = (object as HostObject).members;
    return new Set(Object.keys(members).filter((name) => typeof members[name] === 'function'));
  };
  const store = createVariableStore();
  const { cookie, cache } = helperBindings('', undefined, undefined);
  const entities = entityBindings({ book: {}, chapter: {} }, store, undefined);
  const book = (entities['book'] as LazyBinding).value;
  const chapter = (entities['chapter'] as LazyBinding).value;
  return {
    BookSource: methods(sourceBinding({ bookSourceUrl: '', bookSourceName: '' }, store)),
    Cookie: methods(cookie),
    Cache: methods(cache),
    Book: methods(book),
    BookChapter: methods(chapter),
  };
}
