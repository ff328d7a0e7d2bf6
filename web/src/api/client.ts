/** The one way the app talks to the server: JSON over fetch, CSRF header, errors as ApiError. */

const CSRF_COOKIE = 'linhai_csrf';
const CSRF_HEADER = 'X-CSRF-Token';

/** A failed API call: the server's `{ error: { code, message, details } }`, or a network error. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** No answer at all: offline, or the server is down. */
  get offline(): boolean {
    return this.status === 0;
  }
}

function csrfToken(): string | undefined {
  const pair = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return pair === undefined ? undefined : decodeURIComponent(pair.slice(CSRF_COOKIE.length + 1));
}

/** Any answer from the server sets the CSRF cookie; unsafe calls need it first. */
export async function ensureCsrf(): Promise<string> {
  const known = csrfToken();
  if (known !== undefined) return known;
  await fetch('/health', { credentials: 'same-origin' }).catch(() => undefined);
  return csrfToken() ?? '';
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: { keepalive?: boolean; onHeaders?: (headers: Headers) => void } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers[CSRF_HEADER] = await ensureCsrf();
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      keepalive: options.keepalive === true,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw unanswered(error);
  }
  options.onHeaders?.(response.headers);
  const data = readJson(await response.text());
  if (!response.ok) throw failedAnswer(response.status, response.statusText, data);
  // T is the route's response schema, named by the one function that calls this route.
  return data as T;
}

/** A body as JSON; undefined when empty or not JSON (a proxy's error page). */
export function readJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A request that got no answer: offline, or the server is down. */
export function unanswered(error: unknown): ApiError {
  return new ApiError(0, 'offline', error instanceof Error ? error.message : String(error));
}

/** A 4xx/5xx answer as an ApiError: the server's `{ error }` body when it sent one. */
export function failedAnswer(status: number, statusText: string, data: unknown): ApiError {
  const failure = (data as { error?: { code?: string; message?: string; details?: object } })
    ?.error;
  return new ApiError(
    status,
    failure?.code ?? `http-${status}`,
    failure?.message ?? statusText,
    (failure?.details as Record<string, unknown>) ?? {},
  );
}

/**
 * An API path with every value put into it encoded, so a chapter key or an id with `/`, `?` or
 * `#` stays one segment: url`/books/${id}/chapters/${key}`.
 */
export function url(parts: TemplateStringsArray, ...values: (string | number)[]): string {
  return parts.reduce((path, part, i) => path + encodeURIComponent(values[i - 1] ?? '') + part);
}

/** `path?name=value&…` for the values given (undefined ones left out). */
export function withQuery(
  path: string,
  query: Record<string, string | number | boolean | undefined>,
): string {
  const pairs = Object.entries(query).filter(
    (pair): pair is [string, string | number | boolean] => pair[1] !== undefined,
  );
  if (pairs.length === 0) return path;
  return `${path}?${new URLSearchParams(pairs.map(([k, v]) => [k, String(v)])).toString()}`;
}
