/**
 * One demo site: a node:http server on 127.0.0.1 that routes requests to its template, records
 * every request, applies faults, answers conditional GETs, serves robots.txt, and exposes
 * control endpoints under /__demo/ for other processes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { catalogue, type DemoTemplate, type DemoTocEntry } from './catalogue.ts';
import type { DemoClock } from './clock.ts';
import { boilerplateTruth, type BoilerplateTruth, type SiteIdentity } from './boilerplate.ts';
import {
  banPage,
  captchaPage,
  encodePage,
  escapeHtml,
  statusPage,
  type SiteCharset,
} from './html.ts';
import type { DemoSite, DemoSiteSpec, Fault, FaultKind, RequestRecord } from './types.ts';

/** What a template returns for a request. */
export interface PageResult {
  status?: number;
  type?: 'html' | 'json' | 'text' | 'svg';
  body: string;
  headers?: Record<string, string>;
  /** ms; sent as Last-Modified and compared with If-Modified-Since. */
  lastModified?: number;
  /** Redirect target (with status 301/302). */
  location?: string;
}

export type ContentFault = 'placeholder' | 'repeat-previous';

export interface RequestContext {
  readonly site: DemoSiteImpl;
  readonly url: URL;
  readonly method: string;
  readonly body: Buffer;
  readonly headers: IncomingMessage['headers'];
  /** The site's time (clock minus lag) at the start of this request. */
  readonly siteNow: number;
  /** A chapter page calls this: returns the content fault that applies, and uses it up. */
  takeContentFault(): ContentFault | undefined;
}

export interface SiteTemplate {
  readonly template: DemoTemplate;
  readonly charset: SiteCharset;
  readonly language: 'zh' | 'en';
  readonly defaultDisplayName: string;
  /** The `<meta>` that declares the charset in this template's HTML. */
  metaCharset(charset: string): string;
  handle(ctx: RequestContext): PageResult | undefined;
  source(site: DemoSiteImpl): Record<string, unknown>;
  bookPath(bookId: number): string;
  tocPath(bookId: number): string;
  chapterPath(site: DemoSiteImpl, bookId: number, index: number): string;
  searchRequest(
    site: DemoSiteImpl,
    keyword: string,
  ): { path: string; method: 'GET' | 'POST'; body?: Buffer; headers?: Record<string, string> };
}

const faultKinds: readonly FaultKind[] = [
  'latency',
  'hang',
  'status',
  'retry-after',
  'truncate',
  'ban',
  'captcha',
  'placeholder',
  'wrong-charset',
  'redirect-loop',
  'huge',
  'repeat-previous',
];

const maxRecords = 100_000;

function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

function toRegex(path: string): RegExp | undefined {
  const m = /^\/(.+)\/([dgimsuy]*)$/.exec(path);
  if (!m || !/[\\^$.*+?()[\]{}|]/.test(m[1] as string)) return undefined;
  try {
    return new RegExp(m[1] as string, m[2]);
  } catch {
    return undefined;
  }
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
  regex: RegExp | undefined;
}

export function validateFault(value: unknown): Fault {
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

const defaultRobots = 'User-agent: *\nDisallow: /__demo/\nDisallow: /admin/\n';

export class DemoSiteImpl implements DemoSite, SiteIdentity {
  readonly template: DemoTemplate;
  readonly name: string;
  readonly displayName: string;
  readonly brandDomain: string;
  readonly boilerplate: boolean;
  readonly impl: SiteTemplate;
  readonly clock: DemoClock;
  origin = '';
  lagMs: number;
  private robots: string;
  private active: ActiveFault[] = [];
  private records: RequestRecord[] = [];
  private inFlight = 0;
  private peak = 0;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private sourceCache: Record<string, unknown> | undefined;
  private readonly spec: DemoSiteSpec;

  constructor(spec: DemoSiteSpec, name: string, impl: SiteTemplate, clock: DemoClock) {
    this.spec = spec;
    this.template = spec.template;
    this.name = name;
    this.impl = impl;
    this.clock = clock;
    this.lagMs = spec.lagMs ?? 0;
    this.boilerplate = spec.boilerplate === true;
    this.robots = spec.robots ?? defaultRobots;
    this.displayName =
      name === spec.template ? impl.defaultDisplayName : `${impl.defaultDisplayName}·${name}`;
    this.brandDomain = `www.${name.toLowerCase().replace(/[^a-z0-9]+/g, '') || 'site'}-demo.com`;
  }

  get charset(): SiteCharset {
    return this.impl.charset;
  }

  get source(): Record<string, unknown> {
    this.sourceCache ??= this.impl.source(this);
    return this.sourceCache;
  }

  get requests(): readonly RequestRecord[] {
    return this.records;
  }

  get faults(): readonly Fault[] {
    return this.active.map((a) => ({
      ...a.fault,
      ...(a.fault.times !== undefined ? { times: a.remaining } : {}),
    }));
  }

  setFaults(faults: Fault[]): void {
    this.active = faults.map((f) => {
      const fault = validateFault(f);
      return {
        fault,
        remaining: fault.times ?? Infinity,
        regex: fault.path !== undefined ? toRegex(fault.path) : undefined,
      };
    });
  }

  clearFaults(): void {
    this.active = [];
  }

  clearRequests(): void {
    this.records = [];
    this.peak = this.inFlight;
  }

  peakConcurrency(): number {
    return this.peak;
  }

  setLag(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`bad lag ${ms}`);
    this.lagMs = ms;
  }

  setRobots(body: string): void {
    this.robots = body;
  }

  siteNow(): number {
    return this.clock.now() - this.lagMs;
  }

  books() {
    return catalogue.siteBooks(this.template);
  }

  toc(bookId: number): readonly DemoTocEntry[] {
    return catalogue.siteToc(this.template, bookId, this.siteNow());
  }

  bookUrl(bookId: number): string {
    return this.origin + this.impl.bookPath(bookId);
  }

  tocUrl(bookId: number): string {
    return this.origin + this.impl.tocPath(bookId);
  }

  chapterUrl(bookId: number, index: number): string {
    return this.origin + this.impl.chapterPath(this, bookId, index);
  }

  searchRequest(keyword: string) {
    const { path, ...rest } = this.impl.searchRequest(this, keyword);
    return { url: this.origin + path, ...rest };
  }

  truth(bookId: number, index: number): BoilerplateTruth {
    return boilerplateTruth(this, bookId, index);
  }

  // ------------------------------------------------------------------------------------------
  // Server

  async listen(port = 0): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`demo site error: ${error instanceof Error ? error.message : String(error)}`);
        } else res.destroy();
      });
    });
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.sourceCache = undefined;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    server.closeAllConnections();
    await closed;
  }

  private matching(path: string): ActiveFault[] {
    return this.active.filter(
      (a) =>
        a.remaining > 0 &&
        (a.fault.path === undefined ||
          (a.regex ? a.regex.test(path) : path.includes(a.fault.path))),
    );
  }

  private use(a: ActiveFault): void {
    a.remaining -= 1;
    if (a.remaining <= 0) this.active = this.active.filter((x) => x !== a);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (rawPath.startsWith('/__demo/') || rawPath === '/__demo') {
      const body = await readBody(req);
      return this.control(method, rawPath, body, res);
    }

    const record: RequestRecord = {
      method,
      path: rawPath,
      startedAt: wallNow(),
      endedAt: undefined,
      status: undefined,
    };
    this.records.push(record);
    if (this.records.length > maxRecords) this.records.splice(0, this.records.length - maxRecords);
    this.inFlight += 1;
    this.peak = Math.max(this.peak, this.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
      record.endedAt = wallNow();
      record.status = res.headersSent ? res.statusCode : undefined;
    };
    res.on('close', finish);

    const body = await readBody(req);
    const matches = this.matching(rawPath);
    for (const a of matches.filter((m) => m.fault.kind === 'latency')) {
      this.use(a);
      await delay(a.fault.ms ?? 1000);
      if (res.destroyed) return;
    }
    const contentKinds: FaultKind[] = ['placeholder', 'repeat-previous'];
    const modifierKinds: FaultKind[] = ['truncate', 'wrong-charset'];
    const primary = matches.find(
      (m) => m.fault.kind !== 'latency' && !contentKinds.includes(m.fault.kind) && m.remaining > 0,
    );
    const meta = this.impl.metaCharset(this.charset);
    const send = (status: number, html: string, headers: Record<string, string> = {}) =>
      this.write(req, res, status, encodePage(html, this.charset), {
        'content-type': `text/html; charset=${this.charset}`,
        ...headers,
      });

    if (primary && !modifierKinds.includes(primary.fault.kind)) {
      const fault = primary.fault;
      this.use(primary);
      switch (fault.kind) {
        case 'hang':
          if (fault.ms !== undefined) setTimeout(() => res.destroy(), fault.ms).unref();
          return;
        case 'status': {
          const status = fault.status ?? 500;
          return send(status, statusPage(status, meta));
        }
        case 'retry-after': {
          const status = fault.status ?? 429;
          return send(status, statusPage(status, meta), {
            'retry-after': String(fault.retryAfterSeconds ?? 2),
          });
        }
        case 'ban':
          return send(fault.status ?? 403, banPage(this.impl.language, meta));
        case 'captcha':
          return send(fault.status ?? 200, captchaPage(this.impl.language, meta));
        case 'redirect-loop': {
          const url = new URL(rawPath, this.origin);
          if (url.searchParams.has('__loop')) url.searchParams.delete('__loop');
          else url.searchParams.set('__loop', '1');
          const location = url.pathname + url.search;
          res.writeHead(302, {
            location,
            'content-type': 'text/html; charset=utf-8',
            'content-length': '0',
          });
          res.end();
          return;
        }
        case 'huge':
          return this.streamHuge(res, fault.bytes ?? 50 * 1024 * 1024, meta);
        default:
          break;
      }
    }

    let contentFault: ActiveFault | undefined = matches.find((m) =>
      contentKinds.includes(m.fault.kind),
    );
    const ctx: RequestContext = {
      site: this,
      url: new URL(rawPath, this.origin),
      method,
      body,
      headers: req.headers,
      siteNow: this.siteNow(),
      takeContentFault: () => {
        if (!contentFault || contentFault.remaining <= 0) return undefined;
        const kind = contentFault.fault.kind as ContentFault;
        this.use(contentFault);
        contentFault = undefined;
        return kind;
      },
    };

    let page: PageResult | undefined;
    if (ctx.url.pathname === '/robots.txt') page = { type: 'text', body: this.robots };
    else page = this.impl.handle(ctx);
    page ??= { status: 404, body: statusPage(404, meta) };

    const status = page.status ?? 200;
    const type = page.type ?? 'html';
    const charset: string = type === 'html' ? this.charset : 'utf-8';
    let text = page.body;
    const headers: Record<string, string> = { ...page.headers };
    if (page.location) headers.location = page.location;
    const mime = {
      html: 'text/html',
      json: 'application/json',
      text: 'text/plain',
      svg: 'image/svg+xml',
    }[type];

    const wrong = primary?.fault.kind === 'wrong-charset' ? primary : undefined;
    let contentType = `${mime}; charset=${charset}`;
    if (wrong && (type === 'html' || type === 'json')) {
      this.use(wrong);
      const other = charset === 'gbk' ? 'utf-8' : 'gbk';
      const variant = wrong.fault.variant ?? 'header';
      if (variant === 'header') contentType = `${mime}; charset=${other}`;
      else {
        contentType = mime;
        text = text.replace(
          /<meta[^>]*charset[^>]*>/gi,
          variant === 'meta' ? this.impl.metaCharset(other) : '',
        );
      }
    }
    const bytes = type === 'html' ? encodePage(text, this.charset) : Buffer.from(text, 'utf8');
    headers['content-type'] = contentType;

    if (status === 200 && (method === 'GET' || method === 'HEAD')) {
      const etag = `"${createHash('sha1').update(bytes).digest('hex').slice(0, 20)}"`;
      headers.etag = etag;
      if (page.lastModified !== undefined)
        headers['last-modified'] = new Date(page.lastModified).toUTCString();
      if (isNotModified(req, etag, page.lastModified)) {
        const rest = { ...headers };
        delete rest['content-type'];
        res.writeHead(304, rest);
        res.end();
        return;
      }
    }

    const truncate = primary?.fault.kind === 'truncate' ? primary : undefined;
    if (truncate && status < 300) {
      this.use(truncate);
      const cut = Math.min(bytes.length, truncate.fault.bytes ?? Math.floor(bytes.length / 2));
      const part = bytes.subarray(0, cut);
      if (truncate.fault.variant === 'complete') return this.write(req, res, status, part, headers);
      res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
      res.write(part, () => res.socket?.end());
      return;
    }
    this.write(req, res, status, bytes, headers);
  }

  private write(
    req: IncomingMessage,
    res: ServerResponse,
    status: number,
    bytes: Buffer,
    headers: Record<string, string>,
  ): void {
    res.writeHead(status, { ...headers, 'content-length': String(bytes.length) });
    if (req.method === 'HEAD') res.end();
    else res.end(bytes);
  }

  private async streamHuge(res: ServerResponse, size: number, meta: string): Promise<void> {
    res.writeHead(200, { 'content-type': `text/html; charset=${this.charset}` });
    const head = encodePage(
      `<!DOCTYPE html><html><head>${meta}<title>${escapeHtml(this.displayName)}</title></head><body><div id="content">\n`,
      this.charset,
    );
    const tail = encodePage('</div></body></html>\n', this.charset);
    const line =
      this.impl.language === 'zh' ? '这是一个非常非常大的页面。' : 'This is an enormous page. ';
    const filler = encodePage(`<p>${line.repeat(2500)}</p>\n`, this.charset);
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

  // ------------------------------------------------------------------------------------------
  // Control endpoints (other processes drive the site over HTTP)

  private control(method: string, rawPath: string, body: Buffer, res: ServerResponse): void {
    const url = new URL(rawPath, this.origin || 'http://127.0.0.1');
    const json = (status: number, value: unknown) => {
      const bytes = Buffer.from(JSON.stringify(value));
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(bytes.length),
      });
      res.end(bytes);
    };
    const parse = (): unknown => (body.length ? JSON.parse(body.toString('utf8')) : {});
    try {
      const route = `${method} ${url.pathname.replace(/\/$/, '')}`;
      switch (route) {
        case 'GET /__demo':
        case 'GET /__demo/info':
          return json(200, this.info());
        case 'GET /__demo/log':
          return json(200, {
            requests: this.records,
            peakConcurrency: this.peak,
            inFlight: this.inFlight,
          });
        case 'DELETE /__demo/log':
        case 'POST /__demo/log/clear':
          this.clearRequests();
          return json(200, { ok: true });
        case 'GET /__demo/faults':
          return json(200, this.faults);
        case 'POST /__demo/faults':
        case 'PUT /__demo/faults': {
          const value = parse() as unknown;
          const list = Array.isArray(value) ? value : (value as { faults?: unknown }).faults;
          if (!Array.isArray(list))
            throw new TypeError('expected a JSON array of faults or {"faults": [...]}');
          this.setFaults(list as Fault[]);
          return json(200, this.faults);
        }
        case 'DELETE /__demo/faults':
          this.clearFaults();
          return json(200, []);
        case 'GET /__demo/clock':
          return json(200, { now: this.clock.now(), siteNow: this.siteNow() });
        case 'POST /__demo/clock': {
          const value = parse() as {
            advance?: number;
            set?: number;
            advanceMs?: number;
            now?: number;
          };
          const set = value.set ?? value.now;
          const advance = value.advance ?? value.advanceMs;
          if (typeof set === 'number') this.clock.set(set);
          if (typeof advance === 'number') this.clock.advance(advance);
          return json(200, { now: this.clock.now(), siteNow: this.siteNow() });
        }
        case 'POST /__demo/lag': {
          const value = parse() as { lagMs?: number };
          this.setLag(Number(value.lagMs ?? 0));
          return json(200, { lagMs: this.lagMs });
        }
        case 'GET /__demo/source':
          return json(200, this.source);
        case 'GET /__demo/robots':
          res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(this.robots);
          return;
        case 'PUT /__demo/robots':
        case 'POST /__demo/robots':
          this.setRobots(body.toString('utf8'));
          return json(200, { ok: true });
        case 'GET /__demo/truth': {
          const bookId = Number(url.searchParams.get('book'));
          const index = Number(url.searchParams.get('index'));
          return json(200, this.truth(bookId, index));
        }
        default:
          return json(404, { error: `no control endpoint ${route}` });
      }
    } catch (error) {
      return json(400, { error: error instanceof Error ? error.message : String(error) });
    }
  }

  info() {
    return {
      template: this.template,
      name: this.name,
      displayName: this.displayName,
      origin: this.origin,
      charset: this.charset,
      lagMs: this.lagMs,
      boilerplate: this.boilerplate,
      now: this.clock.now(),
      siteNow: this.siteNow(),
    };
  }
}

function isNotModified(
  req: IncomingMessage,
  etag: string,
  lastModified: number | undefined,
): boolean {
  const inm = req.headers['if-none-match'];
  if (inm !== undefined) {
    return inm.split(',').some((tag) => {
      const t = tag.trim().replace(/^W\//, '');
      return t === '*' || t === etag;
    });
  }
  const ims = req.headers['if-modified-since'];
  if (ims !== undefined && lastModified !== undefined) {
    const since = Date.parse(ims);
    return Number.isFinite(since) && Math.floor(lastModified / 1000) <= Math.floor(since / 1000);
  }
  return false;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 1024 * 1024) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
