/**
 * A demo site's faults: which are active, which apply to a request, and how each one changes the
 * answer (see README.md, Faults). The site asks here at each step of a request; the faults that
 * replace the answer outright write it themselves.
 */
import type { ServerResponse } from 'node:http';
import { banPage, captchaPage, challengePage, encodePage, escapeHtml, statusPage } from './html.ts';
import type { SiteCharset } from './html.ts';
import type { Fault, FaultKind } from './types.ts';

const faultKinds: readonly FaultKind[] = [
  'latency',
  'hang',
  'status',
  'retry-after',
  'truncate',
  'ban',
  'captcha',
  'challenge',
  'placeholder',
  'wrong-charset',
  'redirect-loop',
  'huge',
  'repeat-previous',
];

/** Faults that change a chapter's text (the template applies them), not the answer. */
const contentKinds: readonly FaultKind[] = ['placeholder', 'repeat-previous'];
/** Faults that alter the page the template makes rather than replacing it. */
const modifierKinds: readonly FaultKind[] = ['truncate', 'wrong-charset'];

export interface ActiveFault {
  readonly fault: Fault;
  remaining: number;
  readonly regex: RegExp | undefined;
}

function validateFault(value: unknown): Fault {
  if (!value || typeof value !== 'object') throw new TypeError('a fault must be an object');
  const fault = value as Fault;
  if (!faultKinds.includes(fault.kind))
    throw new TypeError(`unknown fault kind: ${String(fault.kind)}`);
  for (const key of ['times', 'ms', 'status', 'retryAfterSeconds', 'bytes'] as const) {
    if (fault[key] !== undefined && (typeof fault[key] !== 'number' || !(fault[key] >= 0))) {
      throw new TypeError(`fault ${key} must be a non-negative number`);
    }
  }
  if (fault.path !== undefined && typeof fault.path !== 'string')
    throw new TypeError('fault path must be a string');
  return { ...fault };
}

/** A fault path written as /regex/flags (with at least one regex character) is a regex. */
function toRegex(path: string): RegExp | undefined {
  const m = /^\/(.+)\/([dgimsuy]*)$/.exec(path);
  if (!m || !/[\\^$.*+?()[\]{}|]/.test(m[1] as string)) return undefined;
  try {
    return new RegExp(m[1] as string, m[2]);
  } catch {
    return undefined;
  }
}

/** The faults a site has armed, each used up after its `times`. */
export class ActiveFaults {
  #active: ActiveFault[] = [];

  /** As set, with `times` counting down what is left. */
  get list(): readonly Fault[] {
    return this.#active.map((a) => ({
      ...a.fault,
      ...(a.fault.times !== undefined ? { times: a.remaining } : {}),
    }));
  }

  set(faults: Fault[]): void {
    this.#active = faults.map((f) => {
      const fault = validateFault(f);
      return {
        fault,
        remaining: fault.times ?? Infinity,
        regex: fault.path !== undefined ? toRegex(fault.path) : undefined,
      };
    });
  }

  clear(): void {
    this.#active = [];
  }

  /** The faults whose path matches a request's (all when they name no path). */
  matching(path: string): ActiveFault[] {
    return this.#active.filter(
      (a) =>
        a.remaining > 0 &&
        (a.fault.path === undefined ||
          (a.regex ? a.regex.test(path) : path.includes(a.fault.path))),
    );
  }

  /** Counts one use of a fault, and disarms it when none is left. */
  use(a: ActiveFault): void {
    a.remaining -= 1;
    if (a.remaining <= 0) this.#active = this.#active.filter((x) => x !== a);
  }
}

/** What applies to one request: latencies first, then one primary fault, then a content fault. */
interface RequestFaults {
  readonly latencies: ActiveFault[];
  /** The fault that replaces or alters the answer (the first armed that is neither of the others). */
  readonly primary: ActiveFault | undefined;
  /** A fault on the chapter's text, for the template to take. */
  readonly content: ActiveFault | undefined;
}

export function requestFaults(matches: readonly ActiveFault[]): RequestFaults {
  return {
    latencies: matches.filter((m) => m.fault.kind === 'latency'),
    primary: matches.find(
      (m) => m.fault.kind !== 'latency' && !contentKinds.includes(m.fault.kind) && m.remaining > 0,
    ),
    content: matches.find((m) => contentKinds.includes(m.fault.kind)),
  };
}

/** Whether a primary fault replaces the answer (rather than altering the template's page). */
export function replacesAnswer(fault: ActiveFault): boolean {
  return !modifierKinds.includes(fault.fault.kind);
}

/** The site as the answering faults see it. */
interface FaultedSite {
  readonly charset: SiteCharset;
  readonly language: 'zh' | 'en';
  readonly displayName: string;
  readonly origin: string;
  /** The `<meta>` declaring the site's charset. */
  readonly meta: string;
  /** Sends an HTML page in the site's charset. */
  sendHtml(status: number, html: string, headers?: Record<string, string>): void;
}

/**
 * Answers a request with a fault that replaces the answer. Resolves to false when the fault is not
 * one of those (the request goes on to the template).
 */
export async function answerWithFault(
  site: FaultedSite,
  fault: Fault,
  rawPath: string,
  res: ServerResponse,
): Promise<boolean> {
  switch (fault.kind) {
    case 'hang':
      if (fault.ms !== undefined) setTimeout(() => res.destroy(), fault.ms).unref();
      return true;
    case 'status': {
      const status = fault.status ?? 500;
      site.sendHtml(status, statusPage(status, site.meta));
      return true;
    }
    case 'retry-after': {
      const status = fault.status ?? 429;
      site.sendHtml(status, statusPage(status, site.meta), {
        'retry-after': String(fault.retryAfterSeconds ?? 2),
      });
      return true;
    }
    case 'ban':
      site.sendHtml(fault.status ?? 403, banPage(site.language, site.meta));
      return true;
    case 'captcha':
      site.sendHtml(fault.status ?? 200, captchaPage(site.language, site.meta));
      return true;
    case 'challenge':
      site.sendHtml(fault.status ?? 200, challengePage(site.language, site.meta));
      return true;
    case 'redirect-loop': {
      const url = new URL(rawPath, site.origin);
      if (url.searchParams.has('__loop')) url.searchParams.delete('__loop');
      else url.searchParams.set('__loop', '1');
      const location = url.pathname + url.search;
      res.writeHead(302, {
        location,
        'content-type': 'text/html; charset=utf-8',
        'content-length': '0',
      });
      res.end();
      return true;
    }
    case 'huge':
      await streamHuge(site, res, fault.bytes ?? 50 * 1024 * 1024);
      return true;
    default:
      return false;
  }
}

/** A page of `size` bytes, streamed (with backpressure) so the site never holds it whole. */
async function streamHuge(site: FaultedSite, res: ServerResponse, size: number): Promise<void> {
  res.writeHead(200, { 'content-type': `text/html; charset=${site.charset}` });
  const head = encodePage(
    `<!DOCTYPE html><html><head>${site.meta}<title>${escapeHtml(site.displayName)}</title></head><body><div id="content">\n`,
    site.charset,
  );
  const tail = encodePage('</div></body></html>\n', site.charset);
  const line = site.language === 'zh' ? '这是一个非常非常大的页面。' : 'This is an enormous page. ';
  const filler = encodePage(`<p>${line.repeat(2500)}</p>\n`, site.charset);
  let sent = 0;
  const writeChunk = (chunk: Buffer) =>
    new Promise<void>((resolve) => {
      if (res.write(chunk)) resolve();
      else res.once('drain', resolve);
    });
  await writeChunk(head);
  sent += head.length;
  while (sent + tail.length < size && !res.destroyed) {
    const chunk = filler.subarray(0, Math.min(filler.length, size - tail.length - sent));
    await writeChunk(chunk);
    sent += chunk.length;
  }
  if (!res.destroyed) res.end(tail);
}

/**
 * A wrong charset label: the other charset in Content-Type (variant `header`, the default; the
 * `<meta>` stays right), or no label in the header and the wrong one in `<meta>` (variant `meta`),
 * or no label at all (variant `none`).
 */
export function mislabel(
  fault: Fault,
  page: { text: string; mime: string; charset: string },
  metaCharset: (charset: string) => string,
): { text: string; contentType: string } {
  const other = page.charset === 'gbk' ? 'utf-8' : 'gbk';
  const variant = fault.variant ?? 'header';
  if (variant === 'header')
    return { text: page.text, contentType: `${page.mime}; charset=${other}` };
  return {
    contentType: page.mime,
    text: page.text.replace(
      /<meta[^>]*charset[^>]*>/gi,
      variant === 'meta' ? metaCharset(other) : '',
    ),
  };
}

/**
 * A truncated answer: by default the connection closes after `bytes` (half the page) of a body
 * whose Content-Length promised it all; variant `complete` sends the cut body as if whole.
 */
export function sendTruncated(
  fault: Fault,
  res: ServerResponse,
  answer: { status: number; bytes: Buffer; headers: Record<string, string> },
  write: (status: number, bytes: Buffer, headers: Record<string, string>) => void,
): void {
  const { status, bytes, headers } = answer;
  const cut = Math.min(bytes.length, fault.bytes ?? Math.floor(bytes.length / 2));
  const part = bytes.subarray(0, cut);
  if (fault.variant === 'complete') return write(status, part, headers);
  res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
  res.write(part, () => res.socket?.end());
}
