/**
 * One demo site: a node:http server on 127.0.0.1 that routes requests to its template, records
 * every request, applies faults (faults.ts), answers conditional GETs, serves robots.txt, and
 * exposes control endpoints under /__demo/ for other processes (control.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash } from 'node:crypto';
import { catalogue, type DemoTemplate, type DemoTocEntry } from './catalogue.ts';
import type { DemoClock } from './clock.ts';
import { boilerplateTruth, type BoilerplateTruth, type SiteIdentity } from './boilerplate.ts';
import { handleControl } from './control.ts';
import {
  ActiveFaults,
  answerWithFault,
  mislabel,
  replacesAnswer,
  requestFaults,
  sendTruncated,
  type ActiveFault,
} from './faults.ts';
import { encodePage, statusPage, type SiteCharset } from './html.ts';
import type { DemoSite, DemoSiteSpec, Fault, RequestRecord } from './types.ts';

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

const maxRecords = 100_000;

function wallNow(): number {
  return performance.timeOrigin + performance.now();
}

const defaultRobots = 'User-agent: *\nDisallow: /__demo/\nDisallow: /admin/\n';

export class DemoSiteImpl implements DemoSite, SiteIdentity {
  readonly template: DemoTemplate;
  readonly name: string;
  readonly displayName: string;
  readonly brandDomain: string;
  readonly boilerplate: boolean;
  readonly edgeAdverts: boolean;
  readonly impl: SiteTemplate;
  readonly clock: DemoClock;
  origin = '';
  lagMs: number;
  private robotsTxt: string;
  private readonly activeFaults = new ActiveFaults();
  private records: RequestRecord[] = [];
  private running = 0;
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
    this.edgeAdverts = spec.edgeAdverts === true;
    this.robotsTxt = spec.robots ?? defaultRobots;
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

  /** Requests being answered now. */
  get inFlight(): number {
    return this.running;
  }

  get robots(): string {
    return this.robotsTxt;
  }

  get faults(): readonly Fault[] {
    return this.activeFaults.list;
  }

  setFaults(faults: Fault[]): void {
    this.activeFaults.set(faults);
  }

  clearFaults(): void {
    this.activeFaults.clear();
  }

  clearRequests(): void {
    this.records = [];
    this.peak = this.running;
  }

  peakConcurrency(): number {
    return this.peak;
  }

  setLag(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`bad lag ${ms}`);
    this.lagMs = ms;
  }

  setRobots(body: string): void {
    this.robotsTxt = body;
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

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawPath = req.url ?? '/';
    const method = req.method ?? 'GET';
    if (rawPath.startsWith('/__demo/') || rawPath === '/__demo') {
      const body = await readBody(req);
      return handleControl(this, method, rawPath, body, res);
    }
    this.record(method, rawPath, res);

    const body = await readBody(req);
    const faults = requestFaults(this.activeFaults.matching(rawPath));
    for (const a of faults.latencies) {
      this.activeFaults.use(a);
      await delay(a.fault.ms ?? 1000);
      if (res.destroyed) return;
    }
    const primary = faults.primary;
    if (primary && replacesAnswer(primary)) {
      this.activeFaults.use(primary);
      if (await answerWithFault(this.faultedSite(req, res), primary.fault, rawPath, res)) return;
    }

    let contentFault: ActiveFault | undefined = faults.content;
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
        this.activeFaults.use(contentFault);
        contentFault = undefined;
        return kind;
      },
    };

    let page: PageResult | undefined;
    if (ctx.url.pathname === '/robots.txt') page = { type: 'text', body: this.robotsTxt };
    else page = this.impl.handle(ctx);
    page ??= { status: 404, body: statusPage(404, this.impl.metaCharset(this.charset)) };

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
      this.activeFaults.use(wrong);
      ({ text, contentType } = mislabel(wrong.fault, { text, mime, charset }, (other) =>
        this.impl.metaCharset(other),
      ));
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
      this.activeFaults.use(truncate);
      return sendTruncated(truncate.fault, res, { status, bytes, headers }, (...answer) =>
        this.write(req, res, ...answer),
      );
    }
    this.write(req, res, status, bytes, headers);
  }

  /** Adds the request to the log, and counts it in flight until its response closes. */
  private record(method: string, path: string, res: ServerResponse): void {
    const record: RequestRecord = {
      method,
      path,
      startedAt: wallNow(),
      endedAt: undefined,
      status: undefined,
    };
    this.records.push(record);
    if (this.records.length > maxRecords) this.records.splice(0, this.records.length - maxRecords);
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    let done = false;
    res.on('close', () => {
      if (done) return;
      done = true;
      this.running -= 1;
      record.endedAt = wallNow();
      record.status = res.headersSent ? res.statusCode : undefined;
    });
  }

  /** The site as a fault that answers a request sees it. */
  private faultedSite(req: IncomingMessage, res: ServerResponse) {
    const meta = this.impl.metaCharset(this.charset);
    return {
      charset: this.charset,
      language: this.impl.language,
      displayName: this.displayName,
      origin: this.origin,
      meta,
      sendHtml: (status: number, html: string, headers: Record<string, string> = {}) =>
        this.write(req, res, status, encodePage(html, this.charset), {
          'content-type': `text/html; charset=${this.charset}`,
          ...headers,
        }),
    };
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

  info() {
    return {
      template: this.template,
      name: this.name,
      displayName: this.displayName,
      origin: this.origin,
      charset: this.charset,
      lagMs: this.lagMs,
      boilerplate: this.boilerplate,
      edgeAdverts: this.edgeAdverts,
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
