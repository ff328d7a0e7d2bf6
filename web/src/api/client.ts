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
    throw new ApiError(0, 'offline', error instanceof Error ? error.message : String(error));
  }
  options.onHeaders?.(response.headers);
  const text = await response.text();
  const data: unknown = text === '' ? undefined : safeJson(text);
  if (!response.ok) {
    const failure = (data as { error?: { code?: string; message?: string; details?: object } })
      ?.error;
    throw new ApiError(
      response.status,
      failure?.code ?? `http-${response.status}`,
      failure?.message ?? response.statusText,
      (failure?.details as Record<string, unknown>) ?? {},
    );
  }
  return data as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  put: <T>(path: string, body: unknown = {}, options: { keepalive?: boolean } = {}) =>
    request<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** The chapter URL, also the service worker's cache key for offline reading. */
export function chapterPath(bookId: number, key: string): string {
  return `/books/${bookId}/chapters/${encodeURIComponent(key)}`;
}
