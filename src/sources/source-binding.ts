/**
 * What scripts see as `source` (docs/legado-rules.md §3.10): the source's fields plus Legado's
 * methods `getKey()`, `getVariable()/setVariable()`, `put/get` (source-level variables), and the
 * login helpers, which fail with `capability-missing` (login is not supported yet).
 *
 * Methods need the sandbox's HostObject class. It is looked up on the #rules door at run time so
 * this works as soon as the rules layer exports it; until then scripts get the plain fields only.
 */
import * as rules from '#rules';
import { LinhaiError } from '#model';
import type { VariableStore } from '#rules';
import type { BookSource } from './types.ts';

type HostObjectClass = new (members: Record<string, unknown>, label?: string) => object;

function hostObjectClass(): HostObjectClass | undefined {
  const candidate = (rules as unknown as Record<string, unknown>)['HostObject'];
  return typeof candidate === 'function' ? (candidate as HostObjectClass) : undefined;
}

const userVariableKey = '__sourceVariable';

export function sourceBinding(source: BookSource, variables: VariableStore): object {
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      fields[key] = value;
  }
  const HostObject = hostObjectClass();
  if (!HostObject) return fields;
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
      getLoginInfo: login('getLoginInfo'),
      getLoginInfoMap: login('getLoginInfoMap'),
      putLoginHeader: login('putLoginHeader'),
      getLoginHeader: () => '',
      getLoginHeaderMap: () => ({}),
    },
    'BookSource',
  );
}
