/**
 * Legado's source login, run by the driver: `loginUi` names the fields a user fills (JSON list of
 * `{name, type}`), `loginUrl` is the script that logs in (its `login()` function reads
 * `source.getLoginInfoMap()` and posts them; the site's cookies land in the source's jar), and
 * `loginCheckJs` runs on every page fetched with `result` bound to the response — it may call
 * `source.login()` and fetch again, and what it returns is the page the rules read.
 * A `loginUrl` that is a plain page (a person logs in in a browser) is not run here: #app logs it
 * in on the page (its form, or a pasted cookie; src/app/page-login.ts).
 */
import { LinhaiError } from '#model';
import { HostObject, getString, parseContent } from '#rules';
import type { RuleContext } from '#rules';
import { parseLenientJson } from '#rules';
import type { BookSource } from './types.ts';

export interface LoginField {
  readonly name: string;
  /** `text`, `password`, or `button` (a button runs a script of its own; shown, not sent). */
  readonly type: 'text' | 'password' | 'button';
}

/** What the driver knows of a source's login: the filled-in fields, and where changes go. */
export interface SourceLogin {
  /** The fields the user filled in (`loginUi` names), or undefined when never logged in. */
  info: Record<string, string> | undefined;
  /** Called when a script stores new login info (`source.putLoginInfo`). */
  save?(info: Record<string, string>): void | Promise<void>;
}

/** The fields of `loginUi`; a malformed value yields none (the source shows no form). */
export function loginFields(source: BookSource): LoginField[] {
  const text = source.loginUi?.trim();
  if (!text) return [];
  let value: unknown;
  try {
    value = parseLenientJson(text).value;
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const fields: LoginField[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, type } = item as { name?: unknown; type?: unknown };
    if (typeof name !== 'string' || name === '') continue;
    const kind = type === 'password' ? 'password' : type === 'button' ? 'button' : 'text';
    fields.push({ name, type: kind });
  }
  return fields;
}

/** True when `loginUrl` is a script (run here) rather than a page for a person. */
export function hasLoginScript(source: BookSource): boolean {
  const url = source.loginUrl?.trim() ?? '';
  if (url === '') return false;
  const lower = url.toLowerCase();
  return (
    lower.startsWith('@js:') || lower.startsWith('<js>') || /\bfunction\s+login\s*\(/.test(url)
  );
}

function scriptOf(loginUrl: string): string {
  const t = loginUrl.trim();
  if (t.toLowerCase().startsWith('@js:')) return t.slice(4);
  if (t.toLowerCase().startsWith('<js>')) return t.slice(4).replace(/<\/js>\s*$/i, '');
  return t;
}

/** Runs the source's login script (`login()`), as Legado's BaseSource.login does. */
export async function runLogin(source: BookSource, ctx: RuleContext): Promise<void> {
  if (!hasLoginScript(source)) {
    throw new LinhaiError(
      'capability-missing',
      `${source.bookSourceName}: its loginUrl is a page for a person to log in, not a script: log the source in again (Sources → Log in: the page's form, or a cookie pasted from your browser)`,
      { details: { capability: 'login', source: source.bookSourceName } },
    );
  }
  const code = `${scriptOf(source.loginUrl ?? '')}\n;if (typeof login == 'function') login();\n''`;
  await getString(`@js:${code}`, parseContent('', source.bookSourceUrl), ctx);
}

/** What `result` is inside loginCheckJs: Legado's StrResponse. */
function loginCheckResponse(page: { url: string; status: number; text: string }): HostObject {
  return new HostObject(
    {
      body: () => page.text,
      code: () => page.status,
      statusCode: () => page.status,
      url: () => page.url,
      toString: () => page.text,
    },
    'Response',
  );
}

/**
 * Runs `loginCheckJs` on a fetched page; its value (a response, or text) is the page the rules
 * then read. The script sees the response as `result`, as in Legado.
 */
export async function checkLogin(
  source: BookSource,
  page: { url: string; status: number; text: string },
  ctx: RuleContext,
): Promise<string> {
  const code = [
    'result = __linhaiResponse;',
    `var __linhaiChecked = eval(${JSON.stringify(source.loginCheckJs ?? '')});`,
    "__linhaiChecked && typeof __linhaiChecked.body == 'function' ? String(__linhaiChecked.body()) : String(__linhaiChecked)",
  ].join('\n');
  const checkCtx: RuleContext = {
    ...ctx,
    bindings: { ...(ctx.bindings ?? {}), __linhaiResponse: loginCheckResponse(page) },
  };
  return getString(`@js:${code}`, parseContent(page.text, page.url), checkCtx);
}
