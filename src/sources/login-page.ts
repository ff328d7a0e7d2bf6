/**
 * A login page for a person (Legado: a plain `loginUrl` opened in a WebView): the page's login
 * `<form>` as Linhai can fill it server-side. The form is the first one with a password input; its
 * text, email and password inputs are the fields a user fills, its hidden inputs (a CSRF token)
 * and checked boxes are sent as they are, and its action is resolved against the page's URL.
 */
import { parseDocument } from 'htmlparser2';
import { findAll, getAttributeValue } from 'domutils';
import type { Element } from 'domhandler';
import { encodeText } from '#net';
import type { BookSource } from './types.ts';
import type { LoginField } from './login.ts';

export interface LoginPageForm {
  /** Where the form goes, absolute. */
  readonly action: string;
  readonly method: 'GET' | 'POST';
  /** What the user fills (text, email and password inputs), in page order. */
  readonly fields: LoginField[];
  /** What is sent as the page gave it: hidden inputs, checked boxes. */
  readonly kept: Record<string, string>;
}

/**
 * The `loginUrl` when it is a page for a person (http or https, or a path on the source's site),
 * else undefined.
 */
export function loginPageUrl(source: BookSource): string | undefined {
  let url = source.loginUrl?.trim() ?? '';
  // Legado's "url,{options}" form: only the URL is the page.
  const comma = url.search(/,\s*\{/);
  if (comma > 0) url = url.slice(0, comma).trim();
  if (/^https?:\/\//i.test(url)) return url;
  if (!url.startsWith('/') || !/^https?:\/\//i.test(source.bookSourceUrl)) return undefined;
  try {
    return new URL(url, source.bookSourceUrl).href;
  } catch {
    return undefined;
  }
}

const filled = new Set(['text', 'email', 'password', 'tel', 'number', '']);

/** The page's login form, or undefined when it has none Linhai can fill. */
export function findLoginForm(html: string, pageUrl: string): LoginPageForm | undefined {
  const doc = parseDocument(html);
  const typeOf = (input: Element) => (getAttributeValue(input, 'type') ?? '').toLowerCase();
  for (const form of findAll((e) => e.name === 'form', doc.children)) {
    const inputs = findAll((e) => e.name === 'input', form.children);
    if (!inputs.some((i) => typeOf(i) === 'password')) continue;
    const fields: LoginField[] = [];
    const kept: Record<string, string> = {};
    for (const input of inputs) {
      const name = getAttributeValue(input, 'name');
      if (!name) continue;
      const type = typeOf(input);
      const value = getAttributeValue(input, 'value') ?? '';
      if (type === 'hidden') kept[name] = value;
      else if ((type === 'checkbox' || type === 'radio') && input.attribs['checked'] !== undefined)
        kept[name] = value || 'on';
      else if (filled.has(type))
        fields.push({ name, type: type === 'password' ? 'password' : 'text' });
    }
    let action: string;
    try {
      action = new URL(getAttributeValue(form, 'action') || pageUrl, pageUrl).href;
    } catch {
      continue;
    }
    const method = (getAttributeValue(form, 'method') ?? '').toLowerCase() === 'post';
    return { action, method: method ? 'POST' : 'GET', fields, kept };
  }
  return undefined;
}

/**
 * The form's values as a browser sends them from a page in `charset`
 * (application/x-www-form-urlencoded: a GBK page's 读者 goes as %B6%C1%D5%DF).
 */
export function formBody(values: Record<string, string>, charset: string): string {
  const encode = (text: string) => {
    let out = '';
    for (const byte of encodeText(text, charset)) {
      const ch = String.fromCharCode(byte);
      out += /[A-Za-z0-9.\-*_]/.test(ch)
        ? ch
        : byte === 0x20
          ? '+'
          : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
    return out;
  };
  return Object.entries(values)
    .map(([k, v]) => `${encode(k)}=${encode(v)}`)
    .join('&');
}
